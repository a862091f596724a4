package dev.oauthrouter.server;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.CountingQuotaGate;
import dev.oauthrouter.testing.InMemoryTokens;
import dev.oauthrouter.testing.ListUsageSink;
import dev.oauthrouter.testing.RouterHarness;

import com.fasterxml.jackson.databind.JsonNode;
import io.helidon.http.HeaderNames;
import io.helidon.common.media.type.MediaTypes;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.http1.Http1Client;
import io.helidon.webclient.http1.Http1ClientRequest;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.testing.junit5.ServerTest;
import io.helidon.webserver.testing.junit5.SetUpRoute;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the router answers before it calls any provider: authentication, every malformed request,
 * oversized bodies, unknown URLs and unconfigured providers, each as a 4xx in the OpenAI envelope
 * naming the offending field, and each with an {@code x-request-id}. Runs the router's routing in
 * Helidon's test server; its provider points at a closed port, so reaching it would fail the test.
 */
@ServerTest(pinningDetection = true)
class RequestValidationTest {
    private static final String LIMITED = "lr_live_Limited0123456789abcdefghijklmnopqrstuv";
    private static final String REVOKED = "lr_live_Revoked0123456789abcdefghijklmnopqrstuv";
    private static final InMemoryTokens TOKENS = new InMemoryTokens();
    private static final CountingQuotaGate QUOTA = new CountingQuotaGate();
    private static final ListUsageSink USAGE = new ListUsageSink();

    private final Http1Client client;

    RequestValidationTest(Http1Client client) {
        this.client = client;
    }

    @SetUpRoute
    static void routing(HttpRouting.Builder routing) {
        RouterConfig config = ConfigLoader.create(Map.of("OPENAI_API_KEY", "sk-openai-test")::get).parse("""
                server: { host: 127.0.0.1, port: 0, max_body_size: 2048 }
                upstream: { connect_timeout: 1s, first_byte_timeout: 1s }
                providers:
                  openai: { api_key: "${OPENAI_API_KEY}", base_url: "http://127.0.0.1:9/v1" }
                  mistral: { api_key: "${MISTRAL_API_KEY}" }
                """);
        TOKENS.add(RouterHarness.TOKEN, RouterHarness.TOKEN_NAME);
        TOKENS.add(LIMITED, new TokenPrincipal(7, "limited", "free", List.of("groq/*")));
        TOKENS.add(REVOKED, "revoked");
        TOKENS.revoke(REVOKED);
        RouterServer.routing(routing, config, RouterHarness.components(config, TOKENS, QUOTA, USAGE));
    }

    static Stream<Arguments> badRequests() {
        String hi = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";
        return Stream.of(
                Arguments.of("not json at all", ""),
                Arguments.of("[1, 2]", ""),
                Arguments.of(gpt4o(""), "messages"),
                Arguments.of(gpt4o(",\"messages\":[]"), "messages"),
                Arguments.of(gpt4o(",\"messages\":\"hi\""), "messages"),
                Arguments.of(gpt4o(",\"messages\":[\"hi\"]"), "messages[0]"),
                Arguments.of(gpt4o(",\"messages\":[{\"content\":\"hi\"}]"), "messages[0].role"),
                Arguments.of(gpt4o(",\"messages\":[{\"role\":\"wizard\",\"content\":\"x\"}]"),
                        "messages[0].role"),
                Arguments.of(gpt4o(",\"messages\":[{\"role\":\"user\"}]"), "messages[0].content"),
                Arguments.of(gpt4o(",\"messages\":[{\"role\":\"user\",\"content\":5}]"),
                        "messages[0].content"),
                Arguments.of("{" + hi + "}", "model"),
                Arguments.of("{\"model\":42," + hi + "}", "model"),
                Arguments.of("{\"model\":\"gpt-4o\"," + hi + "}", "model"),
                Arguments.of("{\"model\":\"openai/\"," + hi + "}", "model"),
                Arguments.of("{\"model\":\"nosuch/x\"," + hi + "}", "model"),
                Arguments.of(gpt4o("," + hi + ",\"temperature\":2.5"), "temperature"),
                Arguments.of(gpt4o("," + hi + ",\"temperature\":-0.1"), "temperature"),
                Arguments.of(gpt4o("," + hi + ",\"temperature\":\"1\""), "temperature"),
                Arguments.of(gpt4o("," + hi + ",\"top_p\":1.5"), "top_p"),
                Arguments.of(gpt4o("," + hi + ",\"top_p\":-1"), "top_p"),
                Arguments.of(gpt4o("," + hi + ",\"max_tokens\":0"), "max_tokens"),
                Arguments.of(gpt4o("," + hi + ",\"max_tokens\":-5"), "max_tokens"),
                Arguments.of(gpt4o("," + hi + ",\"max_tokens\":1.5"), "max_tokens"),
                Arguments.of(gpt4o("," + hi + ",\"max_tokens\":\"9\""), "max_tokens"),
                Arguments.of(gpt4o("," + hi + ",\"stream\":\"yes\""), "stream"),
                Arguments.of(gpt4o("," + hi + ",\"stream\":1"), "stream"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void rejects_a_bad_request_with_400_naming_the_field(String body, String param) {
        int admits = QUOTA.admits();

        Answer a = post(RouterHarness.TOKEN, body);

        assertThat(a.status()).as(a.body()).isEqualTo(400);
        JsonNode error = a.error();
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        if (param.isEmpty()) {
            assertThat(error.path("param").isNull()).as(a.body()).isTrue();
        } else {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(QUOTA.admits()).as("a rejected request uses no quota").isEqualTo(admits);
    }

    @Test
    void tells_how_to_configure_a_provider_that_is_not_configured() {
        Answer a = post(RouterHarness.TOKEN, chat("mistral/mistral-large-latest"));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error().path("param").asText()).isEqualTo("model");
        assertThat(a.error().path("message").asText()).contains("mistral")
                .contains("providers.mistral.api_key").contains("MISTRAL_API_KEY");
    }

    @Test
    void names_the_configured_providers_for_an_unknown_one() {
        Answer a = post(RouterHarness.TOKEN, chat("nosuch/model"));

        assertThat(a.status()).isEqualTo(400);
        assertThat(a.error().path("message").asText()).contains("nosuch").contains("openai");
    }

    @Test
    void rejects_a_request_without_authorization_header() {
        Answer a = send(client.post("/v1/chat/completions"), chat("openai/gpt-4o"));

        assertUnauthorized(a);
    }

    @ParameterizedTest
    @CsvSource({
            "Basic dXNlcjpwYXNz",
            "Token " + RouterHarness.TOKEN,
            "Bearer",
            "Bearer sk-proj-not-a-router-token",
            "Bearer lr_live_Unknown0123456789abcdefghijklmnopqrstuv",
            "Bearer " + REVOKED})
    void rejects_a_wrong_scheme_or_unknown_token_with_401(String authorization) {
        Answer a = send(client.post("/v1/chat/completions").header(HeaderNames.AUTHORIZATION, authorization),
                chat("openai/gpt-4o"));

        assertUnauthorized(a);
        assertThat(a.body()).doesNotContain("dXNlcjpwYXNz").doesNotContain("Unknown0123456789");
    }

    @Test
    void requires_a_token_for_the_model_list_too() {
        try (HttpClientResponse r = client.get("/v1/models").request()) {
            assertThat(r.status().code()).isEqualTo(401);
            assertThat(r.headers().first(HeaderNames.create("x-request-id"))).isPresent();
        }
    }

    @Test
    void refuses_a_model_outside_the_token_allowlist_with_403() {
        Answer a = post(LIMITED, chat("openai/gpt-4o"));

        assertThat(a.status()).isEqualTo(403);
        assertThat(a.error().path("type").asText()).isEqualTo("permission_error");
    }

    @Test
    void answers_429_with_retry_after_when_the_monthly_quota_is_used_up() {
        QUOTA.exhaust();
        try {
            Answer a = post(RouterHarness.TOKEN, chat("openai/gpt-4o"));

            assertThat(a.status()).isEqualTo(429);
            assertThat(a.error().path("code").asText()).isEqualTo("monthly_limit_reached");
            assertThat(a.headers().get("retry-after")).isEqualTo("3600");
        } finally {
            QUOTA.refill();
        }
    }

    @Test
    void answers_413_for_a_body_over_the_limit() {
        String big = chat("openai/gpt-4o").replace("\"hi\"", "\"" + "x".repeat(3000) + "\"");

        Answer a = post(RouterHarness.TOKEN, big);

        assertThat(a.status()).isEqualTo(413);
        assertThat(a.error().path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(a.error().path("message").asText()).contains("2048");
    }

    @Test
    void answers_413_for_a_chunked_body_over_the_limit() {
        byte[] big = chat("openai/gpt-4o").replace("\"hi\"", "\"" + "x".repeat(3000) + "\"")
                .getBytes(StandardCharsets.UTF_8);
        Http1ClientRequest request = client.post("/v1/chat/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + RouterHarness.TOKEN)
                .contentType(MediaTypes.APPLICATION_JSON);

        try (HttpClientResponse r = request.outputStream(out -> {
            for (int i = 0; i < big.length; i += 512) {
                out.write(big, i, Math.min(512, big.length - i));
                out.flush();
            }
            out.close();
        })) {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(Json.parse(r.as(String.class)).path("error").path("type").asText())
                    .isEqualTo("invalid_request_error");
        }
    }

    @Test
    void answers_404_in_the_envelope_for_an_unknown_url() {
        try (HttpClientResponse r = client.get("/nope").request()) {
            assertThat(r.status().code()).isEqualTo(404);
            assertThat(r.headers().first(HeaderNames.create("x-request-id"))).isPresent();
            JsonNode error = Json.parse(r.as(String.class)).path("error");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.path("message").asText()).contains("/nope");
        }
        Answer a = send(client.get("/v1/completions")
                .header(HeaderNames.AUTHORIZATION, "Bearer " + RouterHarness.TOKEN), null);
        assertThat(a.status()).isEqualTo(404);
        assertThat(a.error().path("message").asText()).contains("/v1/completions");
    }

    @Test
    void gives_every_answer_a_request_id() {
        try (HttpClientResponse r = client.get("/health").request()) {
            assertThat(r.status().code()).isEqualTo(200);
            assertThat(r.headers().first(HeaderNames.create("x-request-id"))).hasValueSatisfying(id ->
                    assertThat(id).matches("req_[0-9a-f]{24}"));
        }
        String first = post(RouterHarness.TOKEN, "{}").headers().get("x-request-id");
        String second = post(RouterHarness.TOKEN, "{}").headers().get("x-request-id");
        assertThat(first).isNotEqualTo(second);
    }

    private static void assertUnauthorized(Answer a) {
        assertThat(a.status()).as(a.body()).isEqualTo(401);
        assertThat(a.error().path("type").asText()).isEqualTo("authentication_error");
        assertThat(a.error().path("message").asText()).isNotBlank();
    }

    private Answer post(String token, String body) {
        return send(client.post("/v1/chat/completions").header(HeaderNames.AUTHORIZATION, "Bearer " + token),
                body);
    }

    private static Answer send(Http1ClientRequest request, String body) {
        HttpClientResponse r = body == null ? request.request()
                : request.contentType(MediaTypes.APPLICATION_JSON)
                        .submit(body.getBytes(StandardCharsets.UTF_8));
        try (r) {
            Map<String, String> headers = new java.util.HashMap<>();
            r.headers().forEach(h -> headers.put(h.name().toLowerCase(java.util.Locale.ROOT), h.get()));
            Answer a = new Answer(r.status().code(), headers, r.as(String.class));
            assertThat(headers).containsKey("x-request-id");
            return a;
        }
    }

    private static String gpt4o(String rest) {
        return "{\"model\":\"openai/gpt-4o\"" + rest + "}";
    }

    private static String chat(String model) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    }

    /** One answer, read whole. */
    private record Answer(int status, Map<String, String> headers, String body) {
        JsonNode error() {
            assertThat(headers.get("content-type")).startsWith("application/json");
            JsonNode root = Json.parse(body);
            assertThat(root.path("error").fieldNames()).toIterable()
                    .containsExactlyInAnyOrder("message", "type", "param", "code");
            return root.path("error");
        }
    }
}
