package dev.oauthrouter.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.RecordedRequest;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code GET /v1/models}: configured providers only, the config's {@code models} list as given,
 * the catalogue merged with the provider's own listing otherwise, and no failure when a provider
 * cannot be reached or is slow.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelsEndpointTest {
    private ReplayUpstream replay;
    private ReplayUpstream slow;
    private RouterHarness router;

    @BeforeAll
    void start() throws IOException {
        replay = ReplayUpstream.start()
                .route("GET", "/v1/models", Capture.json(200, """
                        {"object":"list","data":[
                          {"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},
                          {"id":"gpt-4.1-nano-2025-04-14","object":"model","created":1744321025,
                           "owned_by":"system"}]}
                        """))
                .route("GET", "/openai/v1/models", Capture.json(200, """
                        {"object":"list","data":[
                          {"id":"llama-3.3-70b-versatile","object":"model","owned_by":"Meta"},
                          {"id":"whisper-large-v3","object":"model","owned_by":"OpenAI"}]}
                        """));
        slow = ReplayUpstream.start().firstByteDelay(Duration.ofSeconds(4))
                .serve(Capture.json(200, "{\"object\":\"list\",\"data\":[{\"id\":\"late-model\"}]}"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        router = RouterHarness.builder()
                .provider("openai", "OPENAI_API_KEY", "sk-openai-test", replay.url() + "/v1")
                .env("GROQ_API_KEY", "gsk_groq_test_key")
                .provider("groq", "api_key: \"${GROQ_API_KEY}\", base_url: \"" + replay.url()
                        + "/openai/v1\", models: [llama-3.3-70b-versatile, llama-3.1-8b-instant]")
                .provider("cloudflare-ai", "api_key: cf-token, account_id: acc0123")
                .provider("mistral", "api_key: \"${MISTRAL_API_KEY}\"")
                .provider("dead", "type: openai-compatible, base_url: \"http://127.0.0.1:" + closedPort
                        + "/v1\"")
                .provider("slow", "type: openai-compatible, base_url: \"" + slow.url() + "/v1\"")
                .start();
    }

    @AfterAll
    void stop() {
        router.close();
        replay.close();
        slow.close();
    }

    @Test
    void lists_configured_providers_in_openai_format_without_failing_on_unreachable_ones() {
        long start = System.nanoTime();

        HttpResponse<String> res = router.send(router.request("/v1/models").GET());

        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("a slow provider does not hold the list up")
                .isLessThan(Duration.ofMillis(3500));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode root = Json.parse(res.body());
        assertThat(root.path("object").asText()).isEqualTo("list");
        List<String> ids = new ArrayList<>();
        for (JsonNode m : root.path("data")) {
            assertThat(m.path("object").asText()).isEqualTo("model");
            assertThat(m.path("owned_by").asText()).isEqualTo(m.path("id").asText().split("/")[0]);
            assertThat(m.path("created").isNumber()).isTrue();
            ids.add(m.path("id").asText());
        }
        // the catalogue plus what the provider lists itself
        assertThat(ids).contains("openai/gpt-4o", "openai/gpt-4o-mini", "openai/o1", "openai/o1-mini",
                "openai/gpt-4.1-nano-2025-04-14");
        // a models list in config is the list
        assertThat(ids.stream().filter(id -> id.startsWith("groq/")))
                .containsExactly("groq/llama-3.3-70b-versatile", "groq/llama-3.1-8b-instant");
        assertThat(ids).contains("cloudflare-ai/@cf/meta/llama-3.1-8b-instruct");
        assertThat(ids).noneMatch(id -> id.startsWith("mistral/"));
        assertThat(ids).doesNotHaveDuplicates();
    }

    @Test
    void asks_the_provider_with_its_key() {
        router.send(router.request("/v1/models").GET());

        RecordedRequest openai = replay.requests().stream().filter(r -> r.path().equals("/v1/models"))
                .findFirst().orElseThrow();
        assertThat(openai.method()).isEqualTo("GET");
        assertThat(openai.header("authorization")).contains("Bearer sk-openai-test");
        assertThat(replay.requests()).noneMatch(r -> r.path().equals("/openai/v1/models"));
    }

    @Test
    void a_token_with_an_allowlist_sees_only_its_models() {
        String secret = "lr_live_Allowlist0123456789abcdefghijklmnopq";
        router.tokens().add(secret, new dev.oauthrouter.auth.TokenPrincipal(77, "narrow", "free",
                List.of("groq/*", "openai/gpt-4o")));

        HttpResponse<String> res = router.send(router.request("/v1/models").GET()
                .setHeader("Authorization", "Bearer " + secret));

        List<String> ids = new ArrayList<>();
        Json.parse(res.body()).path("data").forEach(m -> ids.add(m.path("id").asText()));
        assertThat(ids).containsExactly("openai/gpt-4o", "groq/llama-3.3-70b-versatile",
                "groq/llama-3.1-8b-instant");
    }

    @Test
    void retrieves_one_model_by_its_id_with_slashes() {
        HttpResponse<String> found = router.send(
                router.request("/v1/models/cloudflare-ai/@cf/meta/llama-3.1-8b-instruct").GET());
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(Json.parse(found.body()).path("id").asText())
                .isEqualTo("cloudflare-ai/@cf/meta/llama-3.1-8b-instruct");
        assertThat(Json.parse(found.body()).path("owned_by").asText()).isEqualTo("cloudflare-ai");

        HttpResponse<String> missing = router.send(router.request("/v1/models/openai/no-such-model").GET());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(Json.parse(missing.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    }
}
