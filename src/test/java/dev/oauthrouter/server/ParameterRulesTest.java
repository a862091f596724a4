package dev.oauthrouter.server;

import java.net.http.HttpResponse;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.testing.Captures;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the router sends upstream for each provider's parameter rules, checked on the request the
 * replay server received: renamed fields, defaults only where a provider needs them, fields a model
 * rejects refused with a 400 naming them, everything else passed through unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParameterRulesTest {
    private ReplayUpstream replay;
    private RouterHarness router;

    @BeforeAll
    void start() {
        replay = ReplayUpstream.start()
                .serve(Captures.cassette("openai/pydantic-ai/test_max_completion_tokens[o3-mini].yaml", 0));
        String u = replay.url();
        router = RouterHarness.builder()
                .provider("openai", "OPENAI_API_KEY", "sk-openai-test", u + "/v1")
                .provider("mistral", "MISTRAL_API_KEY", "mistral-key", u + "/v1")
                .provider("groq", "GROQ_API_KEY", "gsk_groq_key", u + "/openai/v1")
                .provider("deepseek", "DEEPSEEK_API_KEY", "sk-deepseek", u)
                .provider("openrouter", "api_key: sk-or-key, base_url: \"" + u + "/api/v1\", "
                        + "headers: { HTTP-Referer: \"https://example.org\", X-Title: Router }")
                .start();
    }

    @AfterAll
    void stop() {
        router.close();
        replay.close();
    }

    @Test
    void sends_max_completion_tokens_to_openai_reasoning_models_and_drops_their_fixed_temperature() {
        ObjectNode body = chat("openai/o3-mini").put("max_tokens", 100).put("temperature", 1.0);

        JsonNode sent = sendOk(body);

        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.path("model").asText()).isEqualTo("o3-mini");
    }

    @Test
    void refuses_a_temperature_an_openai_reasoning_model_rejects() {
        HttpResponse<String> res = router.chat(Json.string(chat("openai/o1").put("temperature", 0.2)));

        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).path("error").path("param").asText()).isEqualTo("temperature");
    }

    @Test
    void leaves_defaults_out_where_openai_has_the_same_and_passes_unknown_fields_through() {
        ObjectNode body = chat("openai/gpt-4o-mini");
        body.putObject("response_format").put("type", "json_object");
        body.put("seed", 7).put("logprobs", true).put("user", "u-1");
        body.putArray("tools").addObject().put("type", "function").putObject("function").put("name", "f")
                .putObject("parameters").put("type", "object");
        body.putObject("x_vendor_extra").put("deep", "value");

        JsonNode sent = sendOk(body);

        for (String field : new String[] {"response_format", "seed", "logprobs", "user", "tools",
                "x_vendor_extra", "messages"}) {
            assertThat(sent.get(field)).as(field).isEqualTo(body.get(field));
        }
        assertThat(sent.has("temperature")).isFalse();
        assertThat(sent.has("top_p")).isFalse();
        assertThat(sent.has("max_tokens")).isFalse();
    }

    @Test
    void renames_mistral_fields_and_maps_foreign_tool_call_ids() {
        ObjectNode body = chat("mistral/mistral-large-latest").put("seed", 3).put("user", "u-1")
                .put("max_completion_tokens", 50);
        ObjectNode assistant = body.withArray("messages").addObject().put("role", "assistant");
        assistant.putArray("tool_calls").addObject().put("id", "call_ZR5UUuTt3pf61kjwAJIYdVMj")
                .put("type", "function").putObject("function").put("name", "f").put("arguments", "{}");
        body.withArray("messages").addObject().put("role", "tool")
                .put("tool_call_id", "call_ZR5UUuTt3pf61kjwAJIYdVMj").put("content", "42");

        JsonNode sent = sendOk(body);

        assertThat(sent.path("random_seed").asInt()).isEqualTo(3);
        assertThat(sent.has("seed")).isFalse();
        assertThat(sent.has("user")).isFalse();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(50);
        String id = sent.path("messages").path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(id).matches("[a-zA-Z0-9]{9}");
        assertThat(sent.path("messages").path(2).path("tool_call_id").asText()).isEqualTo(id);
    }

    @Test
    void refuses_n_above_one_for_groq_and_drops_message_names() {
        HttpResponse<String> res = router.chat(Json.string(chat("groq/llama-3.3-70b-versatile").put("n", 2)));
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(Json.parse(res.body()).path("error").path("param").asText()).isEqualTo("n");

        ObjectNode named = chat("groq/llama-3.3-70b-versatile");
        ((ObjectNode) named.withArray("messages").get(0)).put("name", "alice");
        JsonNode sent = sendOk(named);
        assertThat(sent.path("messages").path(0).has("name")).isFalse();
        assertThat(sent.path("messages").path(0).path("content").asText()).isEqualTo("Hello");
    }

    @Test
    void sends_deepseek_max_tokens_and_openrouter_its_attribution_headers() {
        JsonNode sent = sendOk(chat("deepseek/deepseek-reasoner").put("max_completion_tokens", 64));
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.has("max_completion_tokens")).isFalse();

        int before = replay.requests().size();
        sendOk(chat("openrouter/meta-llama/llama-3.1-8b-instruct"));
        var request = replay.requests().get(before);
        assertThat(request.json().path("model").asText()).isEqualTo("meta-llama/llama-3.1-8b-instruct");
        assertThat(request.header("HTTP-Referer")).contains("https://example.org");
        assertThat(request.header("X-Title")).contains("Router");
        assertThat(request.header("authorization")).contains("Bearer sk-or-key");
    }

    private JsonNode sendOk(ObjectNode body) {
        int before = replay.requests().size();
        HttpResponse<String> res = router.chat(Json.string(body));
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return replay.requests().get(before).json();
    }

    private static ObjectNode chat(String model) {
        ObjectNode body = Json.object().put("model", model);
        body.putArray("messages").addObject().put("role", "user").put("content", "Hello");
        return body;
    }
}
