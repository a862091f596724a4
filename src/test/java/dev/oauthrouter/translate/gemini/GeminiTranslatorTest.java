package dev.oauthrouter.translate.gemini;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.Capture;
import dev.oauthrouter.translate.ChunkAccumulator;
import dev.oauthrouter.translate.ConformanceTestBase;
import dev.oauthrouter.translate.Replay;
import dev.oauthrouter.translate.UpstreamRequest;
import dev.oauthrouter.translate.Wire;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiTranslatorTest {
    private static final GeminiTranslator T = GeminiTranslator.create(ConformanceTestBase.CLOCK, () -> "gen");
    private static final String MODEL = "gemini-2.5-flash";

    private static ChatRequest req(String json) {
        return Wire.request("gemini", MODEL, json);
    }

    private static String data(String json) {
        return "data: " + json.replace('\'', '"') + "\r\n\r\n";
    }

    @Test
    void paths_are_relative_to_the_v1beta_base_url() {
        UpstreamRequest plain = T.request(req("{'messages':[{'role':'user','content':'hi'}]}"));
        UpstreamRequest stream = T.request(req("{'messages':[{'role':'user','content':'hi'}],"
                + "'stream':true}"));

        assertThat(plain.path()).isEqualTo("/models/gemini-2.5-flash:generateContent");
        assertThat(stream.path()).isEqualTo("/models/gemini-2.5-flash:streamGenerateContent?alt=sse");
        assertThat(plain.headers()).isEmpty();
    }

    @Test
    void function_call_with_stop_finishes_as_tool_calls_with_stable_ids() {
        String sse = data("{'candidates':[{'content':{'role':'model','parts':[{'text':'Let me check.'},"
                + "{'functionCall':{'name':'weather','args':{'city':'Paris'}},'thoughtSignature':'ab+/cd=='},"
                + "{'functionCall':{'name':'weather','args':{'city':'Rome'}}}]}}],'responseId':'r-1'}")
                + data("{'candidates':[{'content':{'role':'model','parts':[{'text':''}]},"
                        + "'finishReason':'STOP'}],"
                + "'usageMetadata':{'promptTokenCount':7,'candidatesTokenCount':3,'thoughtsTokenCount':5,"
                + "'cachedContentTokenCount':2},'responseId':'r-1'}");

        Replay.Result r = Wire.stream(T, req("{'stream':true,'stream_options':{'include_usage':true}}"), sse);

        assertThat(r.error()).isNull();
        ChunkAccumulator.assertContract(r.chunks(), "gemini/" + MODEL, true);
        JsonNode done = ChunkAccumulator.accumulate(r.chunks());
        JsonNode calls = done.path("choices").path(0).path("message").path("tool_calls");
        assertThat(calls.get(0).path("id").asText()).isEqualTo("call_r-1_0.sig.ab-_cd");
        assertThat(calls.get(1).path("id").asText()).isEqualTo("call_r-1_1");
        assertThat(done.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(done.path("usage").path("completion_tokens").asInt()).isEqualTo(8);
        assertThat(done.path("usage").path("completion_tokens_details").path("reasoning_tokens").asInt())
                .isEqualTo(5);
        assertThat(done.path("usage").path("prompt_tokens_details").path("cached_tokens").asInt())
                .isEqualTo(2);
        assertThat(GeminiIds.signature(calls.get(0).path("id").asText())).isEqualTo("ab+/cd==");
    }

    @Test
    void stream_ending_without_a_finish_reason_is_truncated() {
        String sse = data("{'candidates':[{'content':{'role':'model','parts':[{'text':'Hel'}]}}]}");

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), sse);

        assertThat(r.error()).isNotNull();
        assertThat(r.error().code()).contains("upstream_stream_truncated");
        assertThat(r.chunks()).hasSize(1);
    }

    @Test
    void error_object_mid_stream_is_raised_with_its_status() {
        String sse = data("{'candidates':[{'content':{'role':'model','parts':[{'text':'Hel'}]}}]}")
                + data("{'error':{'code':429,'message':'Resource has been exhausted','status':'RES"
                        + "OURCE_EXHAUSTED'}}");

        Replay.Result r = Wire.stream(T, req("{'stream':true}"), sse);

        assertThat(r.error()).isNotNull();
        assertThat(r.error().status()).isEqualTo(429);
        assertThat(r.error().code()).contains("upstream_rate_limited");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"STOP, stop", "MAX_TOKENS, length", "SAFETY, content_filter", "RECITATION, content_filter",
        "PROHIBITED_CONTENT, content_filter", "MALFORMED_FUNCTION_CALL, stop", "SOMETHING_NEW, stop"})
    void maps_finish_reasons(String gemini, String openai) {
        byte[] body = ("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"x\"}]},\"finishReason\":\""
                + gemini
                + "\"}]}").getBytes(StandardCharsets.UTF_8);

        assertThat(T.response(body,
                req("{}")).completion().path("choices").path(0).path("finish_reason").asText())
                .isEqualTo(openai);
    }

    @Test
    void blocked_prompt_is_a_content_filter_answer() {
        byte[] body = ("{\"promptFeedback\":{\"blockReason\":\"SAFETY\"},"
                + "\"usageMetadata\":{\"promptTokenCount\":4}}").getBytes(StandardCharsets.UTF_8);

        JsonNode choice = T.response(body, req("{}")).completion().path("choices").path(0);

        assertThat(choice.path("finish_reason").asText()).isEqualTo("content_filter");
        assertThat(choice.path("message").path("content").isNull()).isTrue();
    }

    @Test
    void invalid_api_key_is_an_authentication_failure_not_a_bad_request() {
        byte[] body = ("{\"error\":{\"code\":400,\"message\":\"API key not valid.\",\"status\":\"I"
                + "NVALID_ARGUMENT\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.ErrorInfo\",\"reason\""
                        + ":\"API_KEY_INVALID\"}]}}")
                .getBytes(StandardCharsets.UTF_8);

        ApiException e = T.error(400, body, "");

        assertThat(e.status()).isEqualTo(502);
        assertThat(e.code()).contains("upstream_auth_failed");
    }

    @Test
    void quota_error_turns_retry_info_into_retry_after() {
        byte[] body = ("{\"error\":{\"code\":429,\"message\":\"Quota exceeded\",\"status\":\"RESOU"
                + "RCE_EXHAUSTED\","
                + "\"details\":[{\"@type\":\"type.googleapis.com/google.rpc.RetryInfo\","
                        + "\"retryDelay\":\"7.2s\"}]}}")
                .getBytes(StandardCharsets.UTF_8);

        ApiException e = T.error(429, body, "");

        assertThat(e.status()).isEqualTo(429);
        assertThat(e.headers()).containsEntry("Retry-After", "8");
        assertThat(T.error(429, body, "3").headers()).containsEntry("Retry-After", "3");
    }

    @Test
    void thought_signature_comes_back_on_the_function_call_of_the_next_turn() {
        // the captured gemini-3 loop: a streamed functionCall with its signature, then the follow-up request
        Path root = Path.of("src/test/resources/fixtures/gemini");
        Capture c = Capture.read(root,
                root.resolve("pydantic-ai/test_google_streaming_tool_call_thought_signature.yaml"),
                true);
        Replay.Result first = Replay.run(c.exchanges().get(0).body(),
                T.stream(Wire.request("gemini", "gemini-3-pro-preview", "{'stream':true}")), 11);
        JsonNode call = ChunkAccumulator.accumulate(first.chunks()).path("choices").path(0).path("message")
                .path("tool_calls").get(0);
        ObjectNode followUp = Json.object();
        ArrayNode messages = followUp.putArray("messages");
        messages.addObject().put("role", "user").put("content",
                "What is the capital of the user country? Call the tool");
        ObjectNode assistant = messages.addObject().put("role", "assistant");
        assistant.putNull("content");
        assistant.putArray("tool_calls").add(call);
        messages.addObject().put("role", "tool").put("tool_call_id", call.path("id").asText()).put("content",
                "{\"return_value\":\"Mexico\"}");

        ObjectNode sent = Wire.body(T, new ChatRequest(followUp, "gemini", "gemini-3-pro-preview", true,
                false));

        JsonNode captured = c.exchanges().get(1).request().path("contents");
        JsonNode part = sent.path("contents").get(1).path("parts").get(0);
        // Gemini sent the signature in standard base64; the SDK that made the capture re-encoded it URL-safe.
        // We send back exactly what Gemini gave, which is the same bytes.
        String capturedSignature = captured.get(1).path("parts").get(0).path("thoughtSignature").asText();
        assertThat(Base64.getDecoder().decode(part.path("thoughtSignature").asText()))
                .isEqualTo(Base64.getUrlDecoder().decode(capturedSignature));
        assertThat(new String(c.exchanges().get(0).body(), StandardCharsets.UTF_8))
                .contains("\"thoughtSignature\": \"" + part.path("thoughtSignature").asText() + "\"");
        assertThat(part.path("functionCall").path("name").asText()).isEqualTo("get_country");
        JsonNode response = sent.path("contents").get(2).path("parts").get(0).path("functionResponse");
        assertThat(response.path("name").asText()).isEqualTo("get_country");
        assertThat(response.path("response"))
                .isEqualTo(captured.get(2).path("parts").get(0).path("functionResponse").path("response"));
    }

    @Test
    void gemini_3_call_without_a_signature_gets_the_documented_placeholder() {
        ObjectNode body = Wire.body(T, Wire.request("gemini", "gemini-3-pro-preview", "{'messages':["
                + "{'role':'user','content':'go'},{'role':'assistant','tool_calls':[{'id':'call_other',"
                        + "'type':'function',"
                + "'function':{'name':'f','arguments':'{}'}}]},{'role':'tool','tool_call_id':'call"
                        + "_other','content':'1'}]}"));

        assertThat(body.path("contents").get(1).path("parts").get(0).path("thoughtSignature").asText())
                .isEqualTo(GeminiRequests.SKIP_SIGNATURE);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', value = {
        "{'messages':[{'role':'user','content':'hi'}],'temperature':2.5}|temperature",
        "{'messages':[{'role':'user','content':'hi'}],'stop':['a','b','c','d','e','f']}|stop",
        "{'messages':[{'role':'tool','tool_call_id':'nope','content':'1'}]}|messages[0].tool_call_id",
        "{'messages':[{'role':'user','content':[{'type':'image_url','image_url':"
                + "{'url':'https://x.test/img'}}]}]}"
                + "|messages[0].content[0].image_url.url",
        "{'messages':[{'role':'user','content':'hi'}],'parallel_tool_calls':false}|parallel_tool_calls",
        "{'messages':[{'role':'user','content':[{'type':'input_audio',"
                + "'input_audio':{}}]}]}|messages[0].content[0].type",
    })
    void rejects_what_gemini_cannot_express_naming_the_field(String json, String param) {
        assertThatThrownBy(() -> T.request(req(json)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.param()).contains(param);
                });
    }
}
