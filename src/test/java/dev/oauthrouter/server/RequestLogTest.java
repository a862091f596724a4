package dev.oauthrouter.server;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.LogCapture;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request log: one line per API request with id, token name, model, status, latency and token
 * counts, and nowhere in any log a router token, a provider key, the prompt or the completion.
 */
class RequestLogTest {
    private static final String PROMPT = "My private diary entry: the vault code is 4711-ZEBRA";
    private static final String PROVIDER_KEY = "sk-proj-LogTestKey0123456789abcdefABCDEF";

    private ReplayUpstream replay;
    private RouterHarness router;
    private LogCapture logs;

    @BeforeEach
    void start() {
        logs = LogCapture.start();
        replay = ReplayUpstream.start();
        router = RouterHarness.builder()
                .provider("openai", "OPENAI_API_KEY", PROVIDER_KEY, replay.url() + "/v1")
                .start();
    }

    @AfterEach
    void stop() {
        router.close();
        replay.close();
        logs.close();
    }

    @Test
    void writes_one_line_per_request_without_secrets_or_text() {
        Capture streamed = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt");
        Capture completed = Captures.json("openai/vercel-ai/openai-text.json");
        replay.enqueue(streamed).enqueue(completed)
                .enqueue(Capture.json(401, "{\"error\":{\"message\":\"Incorrect API key provided: "
                        + PROVIDER_KEY + "\",\"code\":\"invalid_api_key\"}}"));

        HttpResponse<String> stream = router.chat(chat(true));
        HttpResponse<String> plain = router.chat(chat(false));
        HttpResponse<String> refused = router.chat(chat(false));
        HttpResponse<String> badToken = router.send(router.request("/v1/chat/completions")
                .setHeader("Authorization", "Bearer lr_live_Wrong0123456789abcdefghijklmnopqrstuvw")
                .POST(HttpRequest.BodyPublishers.ofString(chat(false))));

        assertThat(List.of(stream.statusCode(), plain.statusCode(), refused.statusCode(),
                badToken.statusCode())).containsExactly(200, 200, 502, 401);
        String streamLine = line(stream);
        assertThat(streamLine).contains("POST /v1/chat/completions", "token=" + RouterHarness.TOKEN_NAME,
                "model=openai/gpt-4o-mini", "status=200", "latency_ms=", "prompt_tokens=16",
                "completion_tokens=300");
        assertThat(line(plain)).contains("status=200", "token=" + RouterHarness.TOKEN_NAME);
        assertThat(line(refused)).contains("status=502");
        assertThat(line(badToken)).contains("status=401");
        for (HttpResponse<String> r : List.of(stream, plain, refused, badToken)) {
            String id = r.headers().firstValue("x-request-id").orElseThrow();
            assertThat(logs.lines().stream().filter(l -> l.contains("[" + id + "] POST"))).hasSize(1);
        }

        String all = String.join("\n", logs.lines());
        assertThat(all).doesNotContain(RouterHarness.TOKEN)
                .doesNotContain("lr_live_Wrong")
                .doesNotContain(PROVIDER_KEY)
                .doesNotContain("LogTestKey")
                .doesNotContain("4711-ZEBRA")
                .doesNotContain(completed.answerText().substring(0, 40))
                .doesNotContain(streamed.answerText().substring(0, 40));
    }

    private String line(HttpResponse<String> res) {
        String id = res.headers().firstValue("x-request-id").orElseThrow();
        return logs.await(l -> l.contains("[" + id + "]") && l.contains("status="), Duration.ofSeconds(5));
    }

    private static String chat(boolean stream) {
        return Json.string(Json.object().put("model", "openai/gpt-4o-mini").put("stream", stream)
                .set("messages", Json.array().add(Json.object().put("role", "user").put("content", PROMPT))));
    }
}
