package dev.oauthrouter.translate.openai;

import java.nio.charset.StandardCharsets;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequestParser;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiRulesTest {
    private static JsonNode sent(String type, String body) {
        OpenAiCompatibleTranslator t = new OpenAiCompatibleTranslator(type, type);
        return Json.parse(t.request(ChatRequestParser.parse(body.getBytes(StandardCharsets.UTF_8))).body());
    }

    private static String req(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"name\":\"ann\"}]"
                + extra + "}";
    }

    @Test
    void sends_the_provider_model_id_and_passes_unknown_fields() {
        JsonNode b = sent("openrouter", req("openrouter/meta-llama/llama-3.1-8b-instruct",
                ",\"seed\":7,\"provider\":{\"order\":[\"groq\"]},\"tools\":[]"));
        assertThat(b.get("model").asText()).isEqualTo("meta-llama/llama-3.1-8b-instruct");
        assertThat(b.get("seed").asInt()).isEqualTo(7);
        assertThat(b.at("/provider/order/0").asText()).isEqualTo("groq");
        assertThat(b.has("temperature")).isFalse();
        assertThat(b.has("max_tokens")).isFalse();
    }

    @Test
    void openai_reasoning_models_take_max_completion_tokens_and_default_temperature_only() {
        JsonNode b = sent("openai", req("openai/o1-mini", ",\"max_tokens\":100,\"temperature\":1"));
        assertThat(b.has("max_tokens")).isFalse();
        assertThat(b.get("max_completion_tokens").asInt()).isEqualTo(100);
        assertThat(b.has("temperature")).isFalse();
        assertThatThrownBy(() -> sent("openai", req("openai/o3-mini", ",\"temperature\":0.2")))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).param()).hasValue("temperature"));
        JsonNode gpt4o = sent("openai", req("openai/gpt-4o", ",\"max_tokens\":100,\"temperature\":0.2"));
        assertThat(gpt4o.get("max_tokens").asInt()).isEqualTo(100);
        assertThat(gpt4o.get("temperature").asDouble()).isEqualTo(0.2);
    }

    @Test
    void streams_always_ask_for_usage_except_mistral() {
        JsonNode openai = sent("openai", req("openai/gpt-4o", ",\"stream\":true"));
        assertThat(openai.at("/stream_options/include_usage").asBoolean()).isTrue();
        JsonNode mistral = sent("mistral", req("mistral/mistral-large-latest",
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertThat(mistral.has("stream_options")).isFalse();
    }

    @Test
    void mistral_renames_seed_and_remaps_foreign_tool_ids() {
        JsonNode b = sent("mistral", "{\"model\":\"mistral/mistral-large-latest\",\"seed\":3,"
                + "\"max_completion_tokens\":50,\"user\":\"u1\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_abc123xyz789\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"call_abc123xyz789\",\"content\":\"1\"}]}");
        assertThat(b.get("random_seed").asInt()).isEqualTo(3);
        assertThat(b.has("seed")).isFalse();
        assertThat(b.get("max_tokens").asInt()).isEqualTo(50);
        assertThat(b.has("user")).isFalse();
        String id = b.at("/messages/1/tool_calls/0/id").asText();
        assertThat(id).matches("[a-zA-Z0-9]{9}");
        assertThat(b.at("/messages/2/tool_call_id").asText()).isEqualTo(id);
        assertThat(b.get("temperature").asDouble()).isEqualTo(1.0);
    }

    @Test
    void groq_drops_message_names_and_rejects_n_above_one() {
        JsonNode b = sent("groq", req("groq/llama-3.3-70b-versatile", ""));
        assertThat(b.at("/messages/0").has("name")).isFalse();
        assertThatThrownBy(() -> sent("groq", req("groq/llama-3.3-70b-versatile", ",\"n\":2")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("n = 1");
    }

    @Test
    void cloudflare_gets_the_router_defaults() {
        JsonNode b = sent("cloudflare-ai", req("cloudflare-ai/@cf/meta/llama-3.1-8b-instruct", ""));
        assertThat(b.get("max_tokens").asInt()).isEqualTo(8192);
        assertThat(b.get("temperature").asDouble()).isEqualTo(1.0);
        assertThat(b.get("model").asText()).isEqualTo("@cf/meta/llama-3.1-8b-instruct");
    }

    @Test
    void normalizes_responses_from_each_provider() {
        OpenAiCompatibleTranslator together = new OpenAiCompatibleTranslator("together", "together");
        var r = together.response(("{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"hi\"},\"finish_reason\":\"eos\"}],\"usage\":{\"prompt_tokens\":3,"
                + "\"completion_tokens\":2,\"total_tokens\":5}}").getBytes(StandardCharsets.UTF_8),
                ChatRequestParser.parse(req("together/m", "").getBytes(StandardCharsets.UTF_8)));
        assertThat(r.completion().at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(r.usage().promptTokens()).isEqualTo(3);

        OpenAiCompatibleTranslator openrouter = new OpenAiCompatibleTranslator("openrouter", "openrouter");
        assertThatThrownBy(() -> openrouter.response("{\"error\":{\"code\":429,\"message\":\"slow down\"}}"
                .getBytes(StandardCharsets.UTF_8), ChatRequestParser.parse(req("openrouter/m", "")
                .getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(429));
    }
}
