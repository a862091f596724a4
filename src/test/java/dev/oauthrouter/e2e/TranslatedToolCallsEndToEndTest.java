package dev.oauthrouter.e2e;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.NodeTests;
import dev.oauthrouter.testing.RecordedRequest;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;
import dev.oauthrouter.translate.Replay;
import dev.oauthrouter.translate.anthropic.AnthropicStreamAssembly;
import dev.oauthrouter.translate.cohere.CohereStreamAssembly;
import dev.oauthrouter.translate.gemini.GeminiStreamAssembly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official {@code openai} npm package's streaming helper against tool calls the router translates
 * from Anthropic, Gemini and Cohere: for a single and a parallel call per provider, {@code node --test
 * e2e/tool-calls.test.mjs} accumulates the stream with {@code chat.completions.stream(...)
 * .finalChatCompletion()} and compares it with the non-streamed answer. Each provider's replay answers
 * streaming requests with the stream and plain ones with the body the provider's SDK would build from
 * that stream (see {@code *StreamAssembly}). Fails, never skips, when node or the packages are missing.
 */
class TranslatedToolCallsEndToEndTest {
    @Test
    void the_openai_stream_helper_accumulates_translated_tool_calls_like_the_plain_answer()
            throws Exception {
        List<Case> cases = List.of(
                anthropic("claude-sonnet-4-5", "single",
                        lines("anthropic/vercel-ai/anthropic-tool-no-args.chunks.txt"),
                        List.of("updateIssueList")),
                anthropic("claude-haiku-4-5", "parallel", anthropicParallel(), List.of("weather", "weather")),
                gemini("gemini-2.5-flash", "single",
                        lines("gemini/vercel-ai/google-tool-call.chunks.txt"), List.of("weather")),
                gemini("gemini-2.5-pro", "parallel", geminiParallel(), List.of("getWeather", "getTime")),
                cohere("command-r-plus", "single", cohereSingle(), List.of("weather")),
                cohere("command-a-03-2025", "parallel",
                        lines("cohere/vercel-ai/cohere-tool-call.chunks.txt"),
                        List.of("weather", "cityAttractions")));

        try (ReplayUpstream anthropic = replay(cases, "anthropic");
             ReplayUpstream gemini = replay(cases, "gemini");
             ReplayUpstream cohere = replay(cases, "cohere");
             RouterHarness router = RouterHarness.builder()
                     .provider("anthropic", "ANTHROPIC_API_KEY", "sk-ant-test", anthropic.url())
                     .provider("gemini", "GEMINI_API_KEY", "gemini-test-key", gemini.url() + "/v1beta")
                     .provider("cohere", "COHERE_API_KEY", "cohere-test-key", cohere.url())
                     .start()) {
            String output = NodeTests.run("tool-calls.test.mjs", Map.of(
                    "BASE_URL", router.url() + "/v1",
                    "TOKEN", RouterHarness.TOKEN,
                    "CASES", casesJson(cases)), Duration.ofSeconds(120));

            assertThat(output).contains("pass " + cases.size());
            for (ReplayUpstream replay : List.of(anthropic, gemini, cohere)) {
                // each case was asked once streamed and once not, and each answer was written whole
                assertThat(replay.requests()).hasSize(4);
                assertThat(replay.completed()).isEqualTo(4);
            }
        }
    }

    /**
     * One provider answer with tool calls.
     *
     * @param provider  provider name in the router
     * @param model     model id without provider prefix
     * @param kind      {@code single} or {@code parallel}
     * @param stream    the SSE body as the provider frames it
     * @param whole     the non-streaming body of the same answer
     * @param streaming tells this case's streaming request apart from its plain one
     * @param plain     matches this case's plain request
     * @param names     the names of the calls, in order
     */
    private record Case(String provider, String model, String kind, byte[] stream, byte[] whole,
                        Predicate<RecordedRequest> streaming, Predicate<RecordedRequest> plain,
                        List<String> names) {
    }

    private static Case anthropic(String model, String kind, List<String> lines, List<String> names) {
        byte[] stream = frameWithEventNames(lines);
        return new Case("anthropic", model, kind, stream,
                whole(stream, AnthropicStreamAssembly::nonStreamBody),
                r -> bodyModel(r, model) && r.streaming(), r -> bodyModel(r, model) && !r.streaming(), names);
    }

    private static Case cohere(String model, String kind, List<String> lines, List<String> names) {
        byte[] stream = frameWithEventNames(lines);
        return new Case("cohere", model, kind, stream, whole(stream, CohereStreamAssembly::nonStreamBody),
                r -> bodyModel(r, model) && r.streaming(), r -> bodyModel(r, model) && !r.streaming(), names);
    }

    private static Case gemini(String model, String kind, List<String> lines, List<String> names) {
        // Gemini streams are data-only events framed with CRLF; the model and the method are in the path
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append("data: ").append(l).append("\r\n\r\n"));
        byte[] stream = sb.toString().getBytes(StandardCharsets.UTF_8);
        return new Case("gemini", model, kind, stream, whole(stream, GeminiStreamAssembly::nonStreamBody),
                r -> r.path().contains("/models/" + model + ":streamGenerateContent"),
                r -> r.path().contains("/models/" + model + ":generateContent"), names);
    }

    private static byte[] whole(byte[] stream, Function<List<SseEvent>, Optional<byte[]>> assemble) {
        return assemble.apply(Replay.events(stream))
                .orElseThrow(() -> new AssertionError("the stream has no non-streaming form"));
    }

    private static boolean bodyModel(RecordedRequest r, String model) {
        return r.body().length > 0 && model.equals(r.json().path("model").asText());
    }

    private static ReplayUpstream replay(List<Case> cases, String provider) {
        ReplayUpstream replay = ReplayUpstream.start();
        for (Case c : cases) {
            if (c.provider().equals(provider)) {
                replay.when(c.streaming(), new Capture(200,
                        Map.of("content-type", List.of("text/event-stream")), c.stream(), Optional.empty()));
                replay.when(c.plain(), Capture.json(200, new String(c.whole(), StandardCharsets.UTF_8)));
            }
        }
        return replay;
    }

    /** Frames JSON lines as Anthropic and Cohere do: an {@code event:} line named after the type. */
    private static byte[] frameWithEventNames(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            String type = Json.parse(line).path("type").asText();
            sb.append("event: ").append(type).append('\n').append("data: ").append(line).append("\n\n");
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> lines(String resource) {
        return Captures.text(resource).lines().filter(l -> !l.isBlank()).toList();
    }

    /**
     * No captured Anthropic stream has parallel calls, so this one follows the documented Messages
     * streaming format: a text block, then two {@code tool_use} blocks whose input arrives as
     * {@code input_json_delta} pieces, and {@code stop_reason: tool_use}.
     */
    private static List<String> anthropicParallel() {
        return """
                {"type":"message_start","message":{"id":"msg_01ParallelToolsE2e","type":"message",\
                "role":"assistant","model":"claude-haiku-4-5","content":[],"stop_reason":null,\
                "stop_sequence":null,"usage":{"input_tokens":412,"output_tokens":3}}}
                {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}
                {"type":"content_block_delta","index":0,\
                "delta":{"type":"text_delta","text":"Checking both cities."}}
                {"type":"content_block_stop","index":0}
                {"type":"content_block_start","index":1,"content_block":{"type":"tool_use",\
                "id":"toolu_01Paris","name":"weather","input":{}}}
                {"type":"content_block_delta","index":1,\
                "delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Pa"}}
                {"type":"content_block_delta","index":1,\
                "delta":{"type":"input_json_delta","partial_json":"ris\\", \\"unit\\": \\"c\\"}"}}
                {"type":"content_block_stop","index":1}
                {"type":"content_block_start","index":2,"content_block":{"type":"tool_use",\
                "id":"toolu_01Tokyo","name":"weather","input":{}}}
                {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}
                {"type":"content_block_delta","index":2,\
                "delta":{"type":"input_json_delta","partial_json":"{\\"city\\": \\"Tōkyō\\"}"}}
                {"type":"content_block_stop","index":2}
                {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},\
                "usage":{"output_tokens":71}}
                {"type":"message_stop"}
                """.lines().toList();
    }

    /**
     * The captured Gemini streams with several calls send arguments as Vertex JSON-path patches, which
     * have no generateContent form; this one follows the documented parallel function calling format:
     * whole {@code functionCall} parts (two in the first chunk, one call per part), then a chunk with
     * the finish reason and usage.
     */
    private static List<String> geminiParallel() {
        return """
                {"candidates":[{"content":{"role":"model","parts":[\
                {"functionCall":{"name":"getWeather","args":{"city":"Lisbon","days":3}}},\
                {"functionCall":{"name":"getTime","args":{"zone":"Europe/Lisbon"}}}]},"index":0}],\
                "usageMetadata":{"promptTokenCount":51},\
                "modelVersion":"gemini-2.5-pro","responseId":"e2eParallelCalls01"}
                {"candidates":[{"content":{"role":"model","parts":[{"text":""}]},"finishReason":"STOP",\
                "index":0}],"usageMetadata":{"promptTokenCount":51,"candidatesTokenCount":28,\
                "totalTokenCount":79},"modelVersion":"gemini-2.5-pro","responseId":"e2eParallelCalls01"}
                """.lines().toList();
    }

    /**
     * No captured Cohere stream has a single call, so this is the parallel capture without the events
     * of its second call (index 1), which leaves a valid v2 stream with one call.
     */
    private static List<String> cohereSingle() {
        List<String> out = new ArrayList<>();
        for (String line : lines("cohere/vercel-ai/cohere-tool-call.chunks.txt")) {
            var e = Json.parse(line);
            if (!(e.path("type").asText().startsWith("tool-call-") && e.path("index").asInt() == 1)) {
                out.add(line);
            }
        }
        return out;
    }

    private static String casesJson(List<Case> cases) {
        ArrayNode array = Json.array();
        for (Case c : cases) {
            ObjectNode o = array.addObject();
            o.put("name", c.provider() + " " + c.kind());
            o.put("model", c.provider() + "/" + c.model());
            c.names().forEach(o.putArray("names")::add);
        }
        return array.toString();
    }
}
