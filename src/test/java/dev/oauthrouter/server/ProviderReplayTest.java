package dev.oauthrouter.server;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.OpenAiFraming;
import dev.oauthrouter.testing.RecordedRequest;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;
import dev.oauthrouter.usage.UsageRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every OpenAI-compatible provider through the real router against a replay of its recorded traffic:
 * streams are re-framed byte for byte as OpenAI frames them whatever the provider's own framing and
 * however the bytes were split, the text survives, finish reasons and usage are normalized, and the
 * upstream request carries the key, the provider's model id and the provider's parameter rules.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderReplayTest {
    private static final String CF_PATH = "/client/v4/accounts/acc0123/ai/v1";

    private ReplayUpstream replay;
    private RouterHarness router;

    @BeforeAll
    void start() {
        replay = ReplayUpstream.start();
        String u = replay.url();
        router = RouterHarness.builder()
                .provider("openai", "OPENAI_API_KEY", "sk-openai-test", u + "/v1")
                .provider("mistral", "MISTRAL_API_KEY", "mistral-test-key", u + "/v1")
                .provider("groq", "GROQ_API_KEY", "gsk_groq_test_key", u + "/openai/v1")
                .provider("xai", "XAI_API_KEY", "xai-test-key", u + "/v1")
                .provider("deepseek", "DEEPSEEK_API_KEY", "sk-deepseek-test", u)
                .provider("together", "TOGETHER_API_KEY", "together-test-key", u + "/v1")
                .provider("openrouter", "OPENROUTER_API_KEY", "sk-or-test", u + "/api/v1")
                .env("CF_API_TOKEN", "cf-test-token")
                .provider("cloudflare-ai", "api_key: \"${CF_API_TOKEN}\", account_id: acc0123, base_url: \""
                        + u + CF_PATH + "\"")
                .provider("local", "type: openai-compatible, api_key: local-key, base_url: \"" + u
                        + "/local/v1\"")
                .start();
    }

    @AfterAll
    void stop() {
        router.close();
        replay.close();
    }

    @BeforeEach
    void reset() {
        replay.serve(null);
    }

    static Stream<Arguments> streams() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases()) {
            for (Supplier<Capture> s : c.streams()) {
                out.add(Arguments.of(c, s.get(), true));
                out.add(Arguments.of(c, s.get(), false));
            }
        }
        return out.stream();
    }

    static Stream<Arguments> bodies() {
        List<Arguments> out = new ArrayList<>();
        for (Case c : cases()) {
            for (Supplier<Capture> s : c.bodies()) {
                out.add(Arguments.of(c, s.get()));
            }
        }
        return out.stream();
    }

    static List<Case> cases() {
        return List.of(
                new Case("openai", "gpt-4o-mini", "/v1/chat/completions", "Bearer sk-openai-test",
                        List.of(() -> Captures.chunks("openai/vercel-ai/openai-text.chunks.txt"),
                                () -> Captures.cassette("openai/pydantic-ai/"
                                        + "test_run_stream_sync_streams_real_model.yaml", 1)),
                        List.of(() -> Captures.json("openai/vercel-ai/openai-text.json")),
                        body -> assertThat(body.has("max_tokens")).isFalse()),
                new Case("mistral", "mistral-small-latest", "/v1/chat/completions", "Bearer mistral-test-key",
                        List.of(() -> Captures.cassette("mistral/openllmetry/"
                                        + "test_mistralai_streaming_chat_legacy.yaml", 0),
                                () -> Captures.chunks("mistral/vercel-ai/mistral-text.chunks.txt")),
                        List.of(() -> Captures.json("mistral/vercel-ai/mistral-text.json")),
                        // Mistral's default temperature is not 1.0, and it takes no stream_options
                        body -> {
                            assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
                            assertThat(body.has("stream_options")).isFalse();
                        }),
                new Case("groq", "llama-3.3-70b-versatile", "/openai/v1/chat/completions",
                        "Bearer gsk_groq_test_key",
                        List.of(() -> Captures.cassette("groq/openllmetry/"
                                + "test_chat_streaming_legacy.yaml", 0)),
                        List.of(() -> Captures.json("groq/vercel-ai/groq-text.json")),
                        body -> { }),
                new Case("xai", "grok-3-mini", "/v1/chat/completions", "Bearer xai-test-key",
                        List.of(() -> Captures.chunks("xai/vercel-ai_openai-compatible/xai-text.chunks.txt")),
                        List.of(() -> Captures.json("xai/vercel-ai_openai-compatible/xai-text.json")),
                        body -> { }),
                new Case("deepseek", "deepseek-chat", "/chat/completions", "Bearer sk-deepseek-test",
                        List.of(() -> Captures.chunks("deepseek/vercel-ai/deepseek-text.chunks.txt"),
                                () -> Captures.chunks("deepseek/vercel-ai/deepseek-reasoning.chunks.txt")),
                        List.of(() -> Captures.json("deepseek/vercel-ai/deepseek-text.json")),
                        body -> { }),
                new Case("together", "meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "/v1/chat/completions",
                        "Bearer together-test-key",
                        List.of(() -> Captures.har("together/openllmetry-js/streaming-chat_72904453/"
                                + "recording.har", 0)),
                        List.of(() -> Captures.har("together/openllmetry-js/chat_1427850401/"
                                        + "recording.har", 0),
                                () -> Captures.cassette("together/openllmetry/"
                                        + "test_together_chat_legacy.yaml", 0)),
                        body -> assertThat(body.path("temperature").asDouble()).isEqualTo(1.0)),
                new Case("openrouter", "openai/o3", "/api/v1/chat/completions", "Bearer sk-or-test",
                        List.of(() -> Captures.cassette("openrouter/pydantic-ai/"
                                        + "test_openrouter_stream_with_reasoning.yaml", 0),
                                // the same stream framed with CRLF line ends, which SSE allows
                                () -> Captures.cassette("openrouter/pydantic-ai/"
                                        + "test_openrouter_stream_with_reasoning.yaml", 0).withCrlf()),
                        List.of(() -> Captures.cassette("openrouter/pydantic-ai/"
                                + "test_openrouter_with_google_model.yaml", 0)),
                        body -> { }),
                // Cloudflare: no recorded capture exists; built from its documented OpenAI-compatible format
                new Case("cloudflare-ai", "@cf/meta/llama-3.1-8b-instruct", CF_PATH + "/chat/completions",
                        "Bearer cf-test-token",
                        List.of(CloudflareFormat::stream),
                        List.of(CloudflareFormat::completion),
                        // Workers AI defaults to 256 output tokens and temperature 0.6: the router
                        // sends its own
                        body -> {
                            assertThat(body.path("max_tokens").asInt()).isEqualTo(8192);
                            assertThat(body.path("temperature").asDouble()).isEqualTo(1.0);
                        }),
                new Case("local", "llama3.2:3b", "/local/v1/chat/completions", "Bearer local-key",
                        List.of(() -> Captures.chunks("openai/vercel-ai/openai-text.chunks.txt")),
                        List.of(() -> Captures.json("openai/vercel-ai/openai-text.json")),
                        body -> { }));
    }

    @ParameterizedTest(name = "{0} stream {index}, include_usage={2}")
    @MethodSource("streams")
    void streams_a_recorded_answer_framed_like_openai(Case c, Capture capture, boolean includeUsage) {
        replay.serve(capture);
        int before = replay.requests().size();
        ObjectNode request = request(c, capture, true);
        if (includeUsage) {
            request.putObject("stream_options").put("include_usage", true);
        }

        HttpResponse<byte[]> res = router.sendBytes(router.request("/v1/chat/completions")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.bytes(request))));

        String body = new String(res.body(), StandardCharsets.UTF_8);
        assertThat(res.statusCode()).as(body).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("text/event-stream"));
        List<JsonNode> chunks = OpenAiFraming.chunks(body);
        assertThat(chunks).isNotEmpty();
        assertThat(chunks.getFirst().path("choices").path(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(OpenAiFraming.text(chunks)).isEqualTo(capture.answerText());
        assertThat(OpenAiFraming.finishReasons(chunks)).containsExactly(normalized(capture.finishReason()));

        List<JsonNode> withUsage = chunks.stream().filter(ch -> ch.path("usage").isObject()).toList();
        if (includeUsage) {
            assertThat(withUsage).hasSize(1);
            assertThat(chunks.getLast()).isSameAs(withUsage.getFirst());
            assertThat(chunks.getLast().path("choices").isEmpty()).isTrue();
            assertThat(chunks.getLast().path("usage").path("total_tokens").asLong()).isPositive();
        } else {
            assertThat(withUsage).isEmpty();
        }

        RecordedRequest sent = replay.requests().get(before);
        checkUpstream(c, sent, true);
        if (!c.name().equals("mistral")) {
            // always asked upstream so the usage row is complete, whatever the client asked
            assertThat(sent.json().path("stream_options").path("include_usage").asBoolean()).isTrue();
        }
        String id = res.headers().firstValue("x-request-id").orElseThrow();
        UsageRecord row = router.usage().awaitRow(id, Duration.ofSeconds(5));
        assertThat(row.status()).isEqualTo(200);
        assertThat(row.provider()).isEqualTo(c.name());
        assertThat(row.model()).isEqualTo(c.model());
        assertThat(row.streamed()).isTrue();
        assertThat(row.abandoned()).isFalse();
        assertThat(row.usage().known()).isTrue();
    }

    @ParameterizedTest(name = "{0} body {index}")
    @MethodSource("bodies")
    void answers_a_recorded_completion(Case c, Capture capture) {
        replay.serve(capture);
        int before = replay.requests().size();

        HttpResponse<String> res = router.chat(Json.string(request(c, capture, false)));

        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValueSatisfying(v ->
                assertThat(v).startsWith("application/json"));
        JsonNode completion = Json.parse(res.body());
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        JsonNode choice = completion.path("choices").path(0);
        assertThat(choice.path("message").path("content").asText()).isEqualTo(capture.answerText());
        assertThat(choice.path("finish_reason").asText()).isEqualTo(normalized(capture.finishReason()));
        assertThat(completion.path("usage").path("prompt_tokens").asLong()).isPositive();
        checkUpstream(c, replay.requests().get(before), false);
        String id = res.headers().firstValue("x-request-id").orElseThrow();
        UsageRecord row = router.usage().awaitRow(id, Duration.ofSeconds(5));
        assertThat(row.streamed()).isFalse();
        assertThat(row.usage().promptTokens())
                .isEqualTo(completion.path("usage").path("prompt_tokens").asLong());
    }

    @Test
    void normalizes_together_eos_to_stop() {
        Capture stream = Captures.har("together/openllmetry-js/streaming-chat_72904453/recording.har", 0);
        Capture body = Captures.cassette("together/openllmetry/test_together_chat_legacy.yaml", 0);
        assertThat(stream.finishReason()).isEqualTo("eos");
        assertThat(body.finishReason()).isEqualTo("eos");

        replay.serve(stream);
        String streamed = router.chat(chat("together/Qwen/Qwen2.5-72B-Instruct-Turbo", true)).body();
        replay.serve(body);
        String completed = router.chat(chat("together/mistralai/Mixtral-8x7B-Instruct-v0.1", false)).body();

        assertThat(OpenAiFraming.finishReasons(OpenAiFraming.chunks(streamed))).containsExactly("stop");
        assertThat(Json.parse(completed).path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("stop");
    }

    @Test
    void counts_xai_reasoning_tokens_inside_completion_tokens_as_openai_does() {
        replay.serve(Captures.chunks("xai/vercel-ai_openai-compatible/xai-text.chunks.txt"));
        ObjectNode request = (ObjectNode) Json.parse(chat("xai/grok-3-mini", true));
        request.putObject("stream_options").put("include_usage", true);

        String body = router.chat(Json.string(request)).body();

        // xAI reports prompt 12, completion 2, reasoning 340 and total 354: reasoning sits outside
        JsonNode usage = OpenAiFraming.chunks(body).getLast().path("usage");
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(342);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(354);
        assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong()).isEqualTo(340);
    }

    private static String chat(String model, boolean stream) {
        ObjectNode b = Json.object().put("model", model).put("stream", stream);
        b.putArray("messages").addObject().put("role", "user").put("content", "Tell me a joke.");
        return Json.string(b);
    }

    private void checkUpstream(Case c, RecordedRequest sent, boolean stream) {
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.path()).isEqualTo(c.upstreamPath());
        assertThat(sent.header("authorization")).contains(c.auth());
        assertThat(sent.header("content-type"))
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        JsonNode body = sent.json();
        assertThat(body.path("model").asText()).isEqualTo(c.model());
        assertThat(body.path("stream").asBoolean()).isEqualTo(stream);
        if (!stream) {
            assertThat(body.has("stream_options")).isFalse();
        }
        assertThat(body.path("messages").isArray()).isTrue();
        c.upstreamBody().accept(body);
    }

    /** Returns the recorded request when the capture has one (re-addressed to us), else a small chat. */
    private static ObjectNode request(Case c, Capture capture, boolean stream) {
        ObjectNode body = capture.request().map(ObjectNode::deepCopy).orElseGet(() -> {
            ObjectNode b = Json.object();
            b.putArray("messages").addObject().put("role", "user").put("content", "Say something nice.");
            return b;
        });
        body.put("model", c.name() + "/" + c.model());
        body.put("stream", stream);
        body.remove("stream_options");
        // the recorded request's own tuning nulls (Together's client sends them) are not ours to test here
        List<String> nulls = new ArrayList<>();
        body.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                nulls.add(e.getKey());
            }
        });
        body.remove(nulls);
        return body;
    }

    private static String normalized(String finishReason) {
        return finishReason.equals("eos") ? "stop" : finishReason;
    }

    /**
     * One provider entry and its recordings.
     *
     * @param name         provider name in the config and model ids
     * @param model        provider model id
     * @param upstreamPath path the router must call
     * @param auth         Authorization header it must send
     * @param streams      stream recordings
     * @param bodies       non-streaming recordings
     * @param upstreamBody extra checks of the body sent upstream (parameter rules)
     */
    record Case(String name, String model, String upstreamPath, String auth, List<Supplier<Capture>> streams,
                List<Supplier<Capture>> bodies, Consumer<JsonNode> upstreamBody) {
        @Override
        public String toString() {
            return name;
        }
    }
}
