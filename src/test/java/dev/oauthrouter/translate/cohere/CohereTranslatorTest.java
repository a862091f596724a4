package dev.oauthrouter.translate.cohere;

import java.nio.charset.StandardCharsets;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.ChunkAccumulator;
import dev.oauthrouter.translate.ConformanceTestBase;
import dev.oauthrouter.translate.Replay;
import dev.oauthrouter.translate.Wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CohereTranslatorTest {
    private static final CohereTranslator T = CohereTranslator.create(ConformanceTestBase.CLOCK);
    private static final String MODEL = "command-r-plus";

    private static ChatRequest req(String json) {
        return Wire.request("cohere", MODEL, json);
    }

    private static String event(String type, String json) {
        return "event: " + type + "\ndata: " + json.replace('\'', '"') + "\n\n";
    }

    private static final String START = event("message-start", "{'id':'c-1','type':'message-start','delta':"
            + "{'message':{'role':'assistant','content':[],'tool_plan':'','tool_calls':[],'citations':[]}}}");

    private static String call(int index, String id, String... fragments) {
        StringBuilder sb = new StringBuilder(event("tool-call-start", "{'type':'tool-call-start','index':"
                + index
                + ",'delta':{'message':{'tool_calls':{'id':'" + id + "','type':'function','function':"
                + "{'name':'now','arguments':''}}}}}"));
        for (String f : fragments) {
            sb.append("event: tool-call-delta\ndata: {\"type\":\"tool-call-delta\",\"index\":").append(index)
                    .append(",\"delta\":{\"message\":{\"tool_calls\":{\"function\":{\"arguments\":\"")
                    .append(f).append("\"}}}}}\n\n");
        }
        return sb.append(event("tool-call-end", "{'type':'tool-call-end','index':" + index + "}")).toString();
    }

    private static final String END_TOOLS = event("message-end", "{'type':'message-end','delta':"
            + "{'finish_reason':'TOOL_CALL','usage':{'tokens':{'input_tokens':9,'output_tokens':4}"
                    + ",'cached_tokens':3}}}");

    @Test
    void null_or_missing_arguments_stream_as_an_empty_object() {
        Replay.Result r = Wire.stream(T, req("{'stream':true}"),
                START + call(0, "now_1", "nu", "ll") + call(1, "now_2") + call(2, "now_3", "{}") + END_TOOLS);

        assertThat(r.error()).isNull();
        ChunkAccumulator.assertContract(r.chunks(), "cohere/" + MODEL, false);
        JsonNode calls = ChunkAccumulator.accumulate(r.chunks()).path("choices").path(0).path("message")
                .path("tool_calls");
        assertThat(calls).extracting(c -> c.path("function").path("arguments").asText())
                .containsExactly("{}", "{}", "{}");
        assertThat(calls).extracting(c -> c.path("id").asText()).containsExactly("now_1", "now_2", "now_3");
    }

    @Test
    void message_end_with_error_is_raised_mid_stream() {
        String sse = START + event("content-delta", "{'type':'content-delta','index':0,'delta':{'message':"
                + "{'content':{'text':'Hi'}}}}")
                + event("message-end",
                        "{'type':'message-end','delta':{'finish_reason':'ERROR','error':'internal'}}");

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), sse);

        assertThat(r.error()).isNotNull();
        assertThat(r.error().status()).isEqualTo(502);
        assertThat(r.error().getMessage()).contains("internal");
    }

    @Test
    void stream_without_message_end_is_truncated() {
        Replay.Result r = Wire.stream(T, req("{'stream':true}"), START + call(0, "now_1", "{}"));

        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).contains("upstream_stream_truncated");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"400, 400, upstream_bad_request", "401, 502, upstream_auth_failed",
            "402, 402, upstream_payment_required",
        "404, 404, model_not_found", "422, 400, upstream_bad_request", "429, 429, upstream_rate_limited",
        "499, 400, upstream_bad_request", "503, 502, upstream_error"})
    void maps_message_bodies_into_the_envelope(int status, int expected, String code) {
        ApiException e = T.error(status, "{\"message\":\"nope\"}".getBytes(StandardCharsets.UTF_8), "");

        assertThat(e.status()).isEqualTo(expected);
        assertThat(e.code()).contains(code);
        assertThat(e.getMessage()).contains("nope");
    }

    @Test
    void named_tool_choice_offers_only_that_tool_and_requires_it() {
        ObjectNode body = Wire.body(T, req("{'messages':[{'role':'user','content':'hi'}],'tools':["
                + "{'type':'function','function':{'name':'a'}},{'type':'function','function':{'name':'b'}}],"
                + "'tool_choice':{'type':'function','function':{'name':'b'}}}"));

        assertThat(body.path("tools")).hasSize(1);
        assertThat(body.path("tools").get(0).path("function").path("name").asText()).isEqualTo("b");
        assertThat(body.path("tool_choice").asText()).isEqualTo("REQUIRED");
    }

    @Test
    void tool_plan_returns_as_reasoning_and_goes_back_as_tool_plan() {
        byte[] answer = ("{\"id\":\"x\",\"finish_reason\":\"TOOL_CALL\",\"message\":{\"role\":\"assistant\","
                + "\"tool_plan\":\"I will call now.\",\"tool_calls\":[{\"id\":\"now_1\","
                        + "\"type\":\"function\","
                + "\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]}}")
                .getBytes(StandardCharsets.UTF_8);
        JsonNode message = T.response(answer, req("{}")).completion().path("choices").path(0).path("message");

        ObjectNode body = Wire.body(T, req("{'messages':[{'role':'user','content':'time?'},"
                + "{'role':'assistant','content':null,'reasoning_content':'"
                        + message.path("reasoning_content").asText()
                + "','tool_calls':[{'id':'now_1','type':'function','function':{'name':'now',"
                        + "'arguments':'{}'}}]},"
                + "{'role':'tool','tool_call_id':'now_1','content':'12:00'}]}"));

        assertThat(message.path("content").isNull()).isTrue();
        assertThat(body.path("messages").get(1).path("tool_plan").asText()).isEqualTo("I will call now.");
        assertThat(body.path("messages").get(2).path("role").asText()).isEqualTo("tool");
    }

    @Test
    void top_p_maps_to_p_within_cohere_bounds() {
        assertThat(Wire.body(T,
                req("{'messages':[{'role':'user','content':'hi'}],'top_p':1}")).path("p").asDouble())
                .isEqualTo(0.99);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'messages':[{'role':'user','content':'hi'}],'temperature':2.5}|temperature",
        "{'messages':[{'role':'user','content':'hi'}],'frequency_penalty':-1}|frequency_penalty",
        "{'messages':[{'role':'user','content':'hi'}],'parallel_tool_calls':false}|parallel_tool_calls",
        "{'messages':[{'role':'user','content':'hi'}],'stop':['a','b','c','d','e','f']}|stop",
        "{'messages':[{'role':'tool','content':'1'}]}|messages[0].tool_call_id",
        "{'messages':[{'role':'user','content':'hi'}],'response_format':{'type':'xml'}}|response_format.type",
    })
    void rejects_what_cohere_cannot_express_naming_the_field(String json, String param) {
        assertThatThrownBy(() -> T.request(req(json)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains(param);
                });
    }
}
