package dev.oauthrouter.translate.anthropic;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.Capture;
import dev.oauthrouter.translate.ChunkAccumulator;
import dev.oauthrouter.translate.ConformanceTestBase;
import dev.oauthrouter.translate.Replay;
import dev.oauthrouter.translate.Wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicTranslatorTest {
    private static final AnthropicTranslator T = AnthropicTranslator.create(ConformanceTestBase.CLOCK);
    private static final String MODEL = "claude-sonnet-4-5";

    private static ChatRequest req(String json) {
        return Wire.request("anthropic", MODEL, json);
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json.replace('\'', '"') + "\n\n";
    }

    private static final String START = event("message_start",
            "{'type':'message_start','message':{'id':'msg_1','type':'message','role':'assistant',"
                    + "'content':[],"
                    + "'usage':{'input_tokens':10,'cache_read_input_tokens':5,'output_tokens':1}}}");

    /** Thinking at block 0, text at block 1, two tool calls at blocks 2 and 3. */
    private static final String THINK_TEXT_TWO_TOOLS = START
            + event("content_block_start", "{'type':'content_block_start','index':0,"
                    + "'content_block':{'type':'thinking','thinking':'','signature':''}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':0,"
                    + "'delta':{'type':'thinking_delta','thinking':'Need both cities.'}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':0,"
                    + "'delta':{'type':'signature_delta','signature':'c2lnbmF0dXJl'}}")
            + event("content_block_stop", "{'type':'content_block_stop','index':0}")
            + event("content_block_start", "{'type':'content_block_start','index':1,"
                    + "'content_block':{'type':'text','text':''}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':1,"
                    + "'delta':{'type':'text_delta','text':'Checking.'}}")
            + event("content_block_stop", "{'type':'content_block_stop','index':1}")
            + event("content_block_start", "{'type':'content_block_start','index':2,"
                    + "'content_block':{'type':'tool_use','id':'toolu_A','name':'weather','input':{}}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':2,"
                    + "'delta':{'type':'input_json_delta','partial_json':''}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':2,"
                    + "'delta':{'type':'input_json_delta','partial_json':'{\\'city\\': '}}")
            + event("ping", "{'type':'ping'}")
            + event("content_block_delta", "{'type':'content_block_delta','index':2,"
                    + "'delta':{'type':'input_json_delta','partial_json':'\\'Paris\\'}'}}")
            + event("content_block_stop", "{'type':'content_block_stop','index':2}")
            + event("content_block_start", "{'type':'content_block_start','index':3,"
                    + "'content_block':{'type':'tool_use','id':'toolu_B','name':'weather','input':{}}}")
            + event("content_block_delta", "{'type':'content_block_delta','index':3,"
                    + "'delta':{'type':'input_json_delta','partial_json':'{\\'city\\':\\'Rome\\'}'}}")
            + event("content_block_stop", "{'type':'content_block_stop','index':3}")
            + event("message_delta", "{'type':'message_delta','delta':{'stop_reason':'tool_use'},"
                    + "'usage':{'output_tokens':42}}")
            + event("message_stop", "{'type':'message_stop'}");

    @Test
    void stream_numbers_tool_calls_from_zero_whatever_the_block_index() {
        Replay.Result r = Wire.stream(T, req("{'stream':true}"), THINK_TEXT_TWO_TOOLS);

        assertThat(r.error()).isNull();
        ChunkAccumulator.assertContract(r.chunks(), "anthropic/" + MODEL, false);
        List<JsonNode> starts = r.chunks().stream()
                .flatMap(c -> c.path("choices").path(0).path("delta").path("tool_calls").valueStream())
                .filter(c -> c.has("id")).toList();
        assertThat(starts).extracting(c -> c.get("index").asInt()).containsExactly(0, 1);
        JsonNode message = ChunkAccumulator.accumulate(r.chunks()).path("choices").path(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("Checking.");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Need both cities.");
        assertThat(message.path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"city\": \"Paris\"}");
        assertThat(message.path("tool_calls").get(1).path("id").asText()).isEqualTo("toolu_B");
        JsonNode lastChunk = r.chunks().get(r.chunks().size() - 1);
        assertThat(lastChunk.path("choices").path(0).path("finish_reason").asText())
                .isEqualTo("tool_calls");
    }

    @Test
    void usage_chunk_follows_finish_only_when_the_client_asked() {
        Replay.Result withUsage = Wire.stream(T,
                req("{'stream':true,'stream_options':{'include_usage':true}}"), THINK_TEXT_TWO_TOOLS);

        JsonNode last = withUsage.chunks().get(withUsage.chunks().size() - 1);
        assertThat(last.path("choices").isEmpty()).isTrue();
        assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(15);
        assertThat(last.path("usage").path("completion_tokens").asInt()).isEqualTo(42);
        assertThat(last.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
                .isEqualTo(5);
        assertThat(Wire.stream(T, req("{'stream':true}"), THINK_TEXT_TWO_TOOLS).chunks())
                .noneMatch(c -> c.has("usage"));
    }

    @Test
    void stream_without_message_stop_is_an_error_not_a_quiet_success() {
        String cut = THINK_TEXT_TWO_TOOLS.substring(0, THINK_TEXT_TWO_TOOLS.indexOf("event: message_stop"));

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), cut);

        assertThat(r.error()).isNotNull();
        assertThat(r.error().status()).isEqualTo(502);
        assertThat(r.error().code()).contains("upstream_stream_truncated");
        assertThat(r.chunks()).noneMatch(c -> !c.path("choices").path(0).path("finish_reason").isNull()
                && c.path("choices").size() > 0);
    }

    @Test
    void error_event_mid_stream_keeps_the_provider_meaning() {
        String sse = START + event("ping", "{'type':'ping'}")
                + event("error",
                        "{'type':'error','error':{'type':'overloaded_error','message':'Overloaded'}}");

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), sse);

        assertThat(r.error()).isNotNull();
        assertThat(r.error().status()).isEqualTo(503);
        assertThat(r.error().code()).contains("upstream_overloaded");
        assertThat(r.error().getMessage()).contains("Overloaded");
    }

    @Test
    void streamed_refusal_carries_the_explanation_and_content_filter() {
        String sse = START + event("message_delta", "{'type':'message_delta','delta':"
                + "{'stop_reason':'refusal','stop_details':{'type':'refusal',"
                + "'explanation':'Blocked by policy.'}},"
                + "'usage':{'output_tokens':3}}")
                + event("message_stop", "{'type':'message_stop'}");

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), sse);

        ChunkAccumulator.assertContract(r.chunks(), "anthropic/" + MODEL, false);
        JsonNode choice = ChunkAccumulator.accumulate(r.chunks()).path("choices").path(0);
        assertThat(choice.path("message").path("refusal").asText()).isEqualTo("Blocked by policy.");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "400, invalid_request_error, 400, upstream_bad_request",
        "401, authentication_error, 502, upstream_auth_failed",
        "403, permission_error, 502, upstream_auth_failed",
        "404, not_found_error, 404, model_not_found",
        "413, request_too_large, 400, upstream_bad_request",
        "429, rate_limit_error, 429, upstream_rate_limited",
        "500, api_error, 502, upstream_error",
        "504, timeout_error, 502, upstream_timeout",
        "529, overloaded_error, 503, upstream_overloaded",
    })
    void maps_error_answers_into_the_envelope(int status, String type, int expected, String code) {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"" + type + "\",\"message\":\"boom\"},"
                + "\"request_id\":\"req_1\"}").getBytes(StandardCharsets.UTF_8);

        ApiException e = T.error(status, body, status == 429 ? "12" : "");

        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.code()).contains(code);
        assertThat(e.getMessage()).contains("anthropic").contains("boom");
        if (status == 429) {
            assertThat(e.headers()).containsEntry("Retry-After", "12");
        }
    }

    @Test
    void thinking_and_signature_come_back_through_the_tool_call_id() {
        // the captured tool loop: answer 1 (thinking + text + tool_use), then the SDK's follow-up request
        Path root = Path.of("src/test/resources/fixtures/anthropic");
        Capture c = Capture.read(root, root.resolve("pydantic-ai/test_anthropic_tool_with_thinking.yaml"),
                false);
        JsonNode answer = T.response(c.exchanges().get(0).body(), req("{}")).completion()
                .path("choices").path(0).path("message");
        ObjectNode followUp = Json.object();
        ArrayNode messages = followUp.putArray("messages");
        messages.addObject().put("role", "user").put("content",
                "What is the largest city in the user country?");
        ObjectNode assistant = messages.addObject();
        assistant.put("role", "assistant");
        assistant.set("content", answer.get("content"));
        assistant.set("tool_calls", answer.get("tool_calls"));
        messages.addObject().put("role", "tool")
                .put("tool_call_id", answer.path("tool_calls").get(0).path("id").asText()).put("content",
                        "Mexico");
        followUp.put("reasoning_effort", "low");

        ObjectNode sent = Wire.body(T, new ChatRequest(followUp, "anthropic", "claude-sonnet-4-0", false,
                false));

        JsonNode captured = c.exchanges().get(1).request().path("messages");
        assertThat(sent.path("messages").get(1)).isEqualTo(captured.get(1));
        assertThat(sent.path("messages").get(2).path("content").get(0).path("tool_use_id"))
                .isEqualTo(captured.get(2).path("content").get(0).path("tool_use_id"));
    }

    @Test
    void streamed_thinking_is_carried_by_the_first_tool_call_id_only() {
        Replay.Result r = Wire.stream(T, req("{'stream':true}"), THINK_TEXT_TWO_TOOLS);
        JsonNode calls = ChunkAccumulator.accumulate(r.chunks()).path("choices").path(0).path("message")
                .path("tool_calls");

        List<ObjectNode> blocks = ThinkingIds.blocks(calls.get(0).path("id").asText());

        assertThat(blocks).hasSize(1);
        assertThat(blocks.get(0).path("thinking").asText()).isEqualTo("Need both cities.");
        assertThat(blocks.get(0).path("signature").asText()).isEqualTo("c2lnbmF0dXJl");
        assertThat(ThinkingIds.baseId(calls.get(0).path("id").asText())).isEqualTo("toolu_A");
        assertThat(calls.get(1).path("id").asText()).isEqualTo("toolu_B");
    }

    @Test
    void default_max_tokens_is_8192_and_never_above_the_model_maximum() {
        assertThat(Wire.body(T,
                req("{'messages':[{'role':'user','content':'hi'}]}")).path("max_tokens").asInt())
                .isEqualTo(8192);
        assertThat(Wire.body(T, Wire.request("anthropic", "claude-3-haiku-20240307",
                "{'messages':[{'role':'user','content':'hi'}]}")).path("max_tokens").asInt()).isEqualTo(4096);
        assertThat(Wire.body(T,
                req("{'messages':[{'role':'user','content':'hi'}],'max_completion_tokens':900000}"))
                .path("max_tokens").asInt()).isEqualTo(64000);
    }

    @Test
    void tool_results_come_first_in_their_user_turn() {
        ObjectNode body = Wire.body(T, req("{'messages':[{'role':'user','content':'go'},"
                + "{'role':'assistant','content':null,'tool_calls':[{'id':'toolu_1','type':'function',"
                + "'function':{'name':'f','arguments':''}}]},"
                + "{'role':'user','content':'also this'},{'role':'tool','tool_call_id':'toolu_1',"
                        + "'content':'ok'}]}"));

        JsonNode last = body.path("messages").get(2).path("content");
        assertThat(last.get(0).path("type").asText()).isEqualTo("tool_result");
        assertThat(last.get(1).path("text").asText()).isEqualTo("also this");
        assertThat(body.path("messages").get(1).path("content").get(0).path("input").isObject()).isTrue();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'messages':[{'role':'user','content':'hi'}],'temperature':1.5}|temperature",
        "{'messages':[{'role':'user','content':'hi'}],'n':2}|n",
        "{'messages':[{'role':'user','content':'hi'}],'reasoning_effort':'high','temperature':0.2}"
                + "|temperature",
        "{'messages':[{'role':'user','content':'hi'}],'reasoning_effort':'low','max_tokens':500}|max_tokens",
        "{'messages':[{'role':'wizard','content':'hi'}]}|messages[0].role",
        "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':{'url':'data:image"
                + "/bmp;base64,AA=='}}]}]}"
                + "|messages[0].content[0].image_url.url",
        "{'messages':[{'role':'user','content':''}]}|messages[0].content",
        "{'messages':[{'role':'assistant','tool_calls':[{'id':'x','type':'function','function':{'name':'f',"
                + "'arguments':'[1]'}}]}]}|messages[0].tool_calls[0].function.arguments",
        "{'messages':[{'role':'user','content':'hi'}],'tools':[{'type':'function','function':{'name':'f'}}],"
                + "'tool_choice':'required','reasoning_effort':'low'}|tool_choice",
        "{'messages':[{'role':'user','content':'hi'}],'logprobs':true}|logprobs",
    })
    void rejects_what_anthropic_cannot_express_naming_the_field(String json, String param) {
        assertThatThrownBy(() -> T.request(req(json)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains(param);
                });
    }
}
