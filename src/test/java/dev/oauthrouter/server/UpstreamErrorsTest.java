package dev.oauthrouter.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.OpenAiFraming;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;
import dev.oauthrouter.usage.UsageRecord;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Upstream failures as the client sees them: recorded provider error answers mapped to our envelope
 * and statuses, unreachable and silent providers, and failures in the middle of a stream.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamErrorsTest {
    private ReplayUpstream replay;
    private ReplayUpstream slow;
    private ReplayUpstream steady;
    private RouterHarness router;

    @BeforeAll
    void start() throws IOException {
        replay = ReplayUpstream.start();
        slow = ReplayUpstream.start().firstByteDelay(Duration.ofSeconds(3))
                .serve(Captures.json("openai/vercel-ai/openai-text.json"));
        // a healthy stream that takes longer than the first-byte timeout, with shorter pauses
        steady = ReplayUpstream.start().maxPiece(300).pieceDelay(Duration.ofMillis(150))
                .serve(Captures.chunks("mistral/vercel-ai/mistral-text.chunks.txt"));
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        router = RouterHarness.builder()
                .yaml("upstream: { connect_timeout: 1s, first_byte_timeout: 400ms }")
                .provider("openai", "OPENAI_API_KEY", "sk-openai-test", replay.url() + "/v1")
                .provider("groq", "GROQ_API_KEY", "gsk_groq_test_key", replay.url() + "/openai/v1")
                .provider("openrouter", "OPENROUTER_API_KEY", "sk-or-test", replay.url() + "/api/v1")
                .provider("dead", "type: openai-compatible, api_key: k, base_url: \"http://127.0.0.1:"
                        + closedPort + "/v1\"")
                .provider("slow", "type: openai-compatible, api_key: k, base_url: \"" + slow.url() + "/v1\"")
                .provider("steady", "type: openai-compatible, api_key: k, base_url: \"" + steady.url()
                        + "/v1\"")
                .start();
    }

    @AfterAll
    void stop() {
        router.close();
        replay.close();
        slow.close();
        steady.close();
    }

    @BeforeEach
    void reset() {
        replay.serve(null);
    }

    @Test
    void passes_a_provider_400_on_with_its_message() {
        replay.serve(Captures.cassette("openai/pydantic-ai/"
                + "test_openai_o1_mini_system_role[developer].yaml", 0));
        int releases = router.quota().releases();

        HttpResponse<String> res = router.chat(chat("openai/o1-mini", false));

        assertThat(res.statusCode()).isEqualTo(400);
        JsonNode error = envelope(res);
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("does not support 'developer' with this model");
        assertThat(router.quota().releases()).as("a failed request gives its message back")
                .isEqualTo(releases + 1);
    }

    @Test
    void maps_a_provider_404_to_not_found_naming_the_model() {
        replay.serve(Captures.cassette("groq/pydantic-ai/test_tool_regular_error.yaml", 0));

        HttpResponse<String> res = router.chat(chat("groq/non-existent", false));

        assertThat(res.statusCode()).isEqualTo(404);
        JsonNode error = envelope(res);
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.path("message").asText()).contains("The model `non-existent` does not exist");
    }

    @Test
    void passes_a_provider_429_on_with_its_retry_after() {
        replay.serve(Captures.cassette("openrouter/pydantic-ai/test_openrouter_errors_raised.yaml", 0)
                .withHeader("Retry-After", "7"));

        HttpResponse<String> res = router.chat(chat("openrouter/google/gemini-2.0-flash-exp:free", false));

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("retry-after")).contains("7");
        JsonNode error = envelope(res);
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("message").asText()).contains("Provider returned error");
    }

    @ParameterizedTest
    @CsvSource({"401", "403"})
    void answers_502_telling_to_check_the_provider_key_when_the_provider_refuses_it(int status) {
        replay.serve(Capture.json(status, "{\"error\":{\"message\":\"Incorrect API key provided: "
                + "sk-proj-AbCdEf0123456789XyZ. You can find your API key at https://platform.openai.com.\","
                + "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}"));

        HttpResponse<String> res = router.chat(chat("openai/gpt-4o-mini", false));

        assertThat(res.statusCode()).isEqualTo(502);
        JsonNode error = envelope(res);
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("message").asText()).containsIgnoringCase("check the openai api key")
                .contains("HTTP " + status);
        assertThat(res.body()).doesNotContain("AbCdEf0123456789XyZ").doesNotContain("sk-openai-test");
    }

    @Test
    void answers_502_with_the_upstream_status_on_a_provider_500() {
        replay.serve(Capture.json(500, "{\"error\":{\"message\":\"The server had an error while processing "
                + "your request. Sorry about that!\",\"type\":\"server_error\"}}"));

        HttpResponse<String> res = router.chat(chat("openai/gpt-4o-mini", false));

        assertThat(res.statusCode()).isEqualTo(502);
        JsonNode error = envelope(res);
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("message").asText()).contains("HTTP 500").contains("The server had an error");
    }

    @Test
    void answers_an_upstream_error_before_a_stream_as_json_not_as_a_stream() {
        replay.serve(Captures.cassette("openrouter/pydantic-ai/test_openrouter_errors_raised.yaml", 0));

        HttpResponse<String> res = router.chat(chat("openrouter/google/gemini-2.0-flash-exp:free", true));

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("application/json"));
        assertThat(envelope(res).path("type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void answers_502_when_the_provider_cannot_be_reached() {
        HttpResponse<String> res = router.chat(chat("dead/llama3", false));

        assertThat(res.statusCode()).isEqualTo(502);
        JsonNode error = envelope(res);
        assertThat(error.path("type").asText()).isEqualTo("api_error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_unreachable");
        assertThat(error.path("message").asText()).contains("dead");
    }

    @Test
    void answers_502_when_the_provider_does_not_start_answering_in_time() {
        long start = System.nanoTime();

        HttpResponse<String> res = router.chat(chat("slow/llama3", true));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(2500));
        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(envelope(res).path("code").asText()).isEqualTo("upstream_timeout");
    }

    @Test
    void lets_a_healthy_stream_run_longer_than_the_first_byte_timeout() {
        long start = System.nanoTime();

        HttpResponse<String> res = router.chat(chat("steady/mistral-small-latest", true));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(800));
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(OpenAiFraming.text(OpenAiFraming.chunks(res.body())))
                .isEqualTo(Captures.chunks("mistral/vercel-ai/mistral-text.chunks.txt").answerText());
    }

    @Test
    void ends_a_stream_with_an_error_event_when_groq_sends_one() {
        Capture groq = Captures.cassette("groq/pydantic-ai/test_tool_use_failed_error_streaming.yaml", 0);
        replay.serve(groq);

        HttpResponse<String> res = router.chat(chat("groq/openai/gpt-oss-120b", true));

        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> events = OpenAiFraming.eventsEndingWithError(res.body());
        assertThat(res.body()).doesNotContain("[DONE]").doesNotContain("event:");
        // every chunk before the error reached the client
        assertThat(events).hasSize(groq.chunks().size() + 1);
        JsonNode error = events.getLast().path("error");
        assertThat(error.path("message").asText()).contains("Tool call validation failed");
        // Groq's error event carries status_code 400: the provider refused the request, it did not fail
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("message").asText()).contains("HTTP 400");
        UsageRecord row = router.usage().awaitRow(res.headers().firstValue("x-request-id").orElseThrow(),
                Duration.ofSeconds(5));
        assertThat(row.streamed()).isTrue();
        assertThat(row.abandoned()).isFalse();
    }

    @Test
    void ends_a_stream_with_an_error_event_when_the_provider_stops_before_done() {
        Capture full = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt");
        replay.serve(full.withBody(full.text().replace("data: [DONE]\n\n", "")));

        HttpResponse<String> res = router.chat(chat("openai/gpt-4o-mini", true));

        assertThat(res.statusCode()).isEqualTo(200);
        List<JsonNode> events = OpenAiFraming.eventsEndingWithError(res.body());
        assertThat(events.getLast().path("error").path("code").asText())
                .isEqualTo("upstream_stream_truncated");
        assertThat(OpenAiFraming.text(events)).isEqualTo(full.answerText());
    }

    @Test
    void maps_an_error_object_in_a_200_body_by_its_code() {
        // OpenRouter reports some provider failures as HTTP 200 with an error object
        replay.serve(Capture.json(200, "{\"error\":{\"code\":429,\"message\":\"Provider returned error\","
                + "\"metadata\":{\"provider_name\":\"Google\"}},\"user_id\":\"<USER_ID>\"}"));

        HttpResponse<String> res = router.chat(chat("openrouter/google/gemini-2.0-flash-exp:free", false));

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(envelope(res).path("message").asText()).contains("Provider returned error");
    }

    @Test
    void answers_502_when_a_provider_answers_200_with_something_that_is_not_json() {
        replay.serve(new Capture(200, java.util.Map.of("content-type", List.of("text/html")),
                "<html><body>Bad gateway</body></html>".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.util.Optional.empty()));

        HttpResponse<String> res = router.chat(chat("openai/gpt-4o-mini", false));

        assertThat(res.statusCode()).isEqualTo(502);
        assertThat(envelope(res).path("code").asText()).isEqualTo("upstream_bad_response");
    }

    @Test
    void keeps_openai_framing_when_a_provider_splits_an_event_over_several_data_lines() {
        // SSE allows one event's data on several lines; they join with a line feed
        Capture full = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt");
        String split = full.text().replaceFirst("data: \\{\"id\"", "data: {\n" + "data: \"id\"");
        assertThat(split).isNotEqualTo(full.text());
        replay.serve(full.withBody(split));

        HttpResponse<String> res = router.chat(chat("openai/gpt-4o-mini", true));

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(OpenAiFraming.text(OpenAiFraming.chunks(res.body()))).isEqualTo(full.answerText());
    }

    private static String chat(String model, boolean stream) {
        return Json.string(Json.object().put("model", model).put("stream", stream)
                .set("messages", Json.array().add(Json.object().put("role", "user").put("content", "Hi"))));
    }

    private static JsonNode envelope(HttpResponse<String> res) {
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("application/json"));
        JsonNode root = Json.parse(res.body());
        assertThat(root.fieldNames()).toIterable().containsExactly("error");
        JsonNode error = root.path("error");
        assertThat(error.fieldNames()).toIterable()
                .containsExactlyInAnyOrder("message", "type", "param", "code");
        assertThat(res.headers().firstValue("x-request-id")).isPresent();
        return error;
    }
}
