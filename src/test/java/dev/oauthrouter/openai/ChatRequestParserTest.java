package dev.oauthrouter.openai;

import java.nio.charset.StandardCharsets;

import dev.oauthrouter.error.ApiException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ChatRequestParserTest {
    private static final String MSGS = "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]";

    private static ChatRequest parse(String json) {
        return ChatRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void splits_model_at_the_first_slash() {
        ChatRequest r = parse("{\"model\":\"openrouter/meta-llama/llama-3.1-8b-instruct\"," + MSGS + "}");
        assertThat(r.provider()).isEqualTo("openrouter");
        assertThat(r.model()).isEqualTo("meta-llama/llama-3.1-8b-instruct");
        ChatRequest cf = parse("{\"model\":\"cloudflare-ai/@cf/meta/llama-3.1-8b-instruct\"," + MSGS + "}");
        assertThat(cf.model()).isEqualTo("@cf/meta/llama-3.1-8b-instruct");
        assertThat(cf.stream()).isFalse();
    }

    @Test
    void reads_stream_and_include_usage() {
        ChatRequest r = parse("{\"model\":\"openai/gpt-4o\"," + MSGS
                + ",\"stream\":true,\"stream_options\":{\"include_usage\":true}}");
        assertThat(r.stream()).isTrue();
        assertThat(r.includeUsage()).isTrue();
        ChatRequest noStream = parse("{\"model\":\"openai/gpt-4o\"," + MSGS
                + ",\"stream_options\":{\"include_usage\":true}}");
        assertThat(noStream.includeUsage()).isFalse();
    }

    @Test
    void accepts_assistant_tool_calls_without_content() {
        ChatRequest r = parse("{\"model\":\"openai/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"c1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"42\"}]}");
        assertThat(r.body().get("messages")).hasSize(3);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                 | {nope                                                        | ",
        "array body               | []                                                           | ",
        "missing model            | {$M}       | model",
        "model without provider   | {\"model\":\"gpt-4o\",$M} | model",
        "model not a string       | {\"model\":5,$M} | model",
        "missing messages         | {$G}                                | messages",
        "empty messages           | {$G,\"messages\":[]}                | messages",
        "bad role                 | {$G,\"messages\":[{\"role\":\"bot\",\"content\":\"x\"}]} | messages[0].role",
        "no content               | {$G,\"messages\":[{\"role\":\"user\"}]} | messages[0].content",
        "content number           | {$G,\"messages\":[{\"role\":\"user\",\"content\":3}]} | messages[0].content",
        "temperature too high     | {$G,\"temperature\":2.5,$M} | temperature",
        "temperature string       | {$G,\"temperature\":\"hot\",$M} | temperature",
        "top_p above one          | {$G,\"top_p\":1.5,$M} | top_p",
        "max_tokens zero          | {$G,\"max_tokens\":0,$M} | max_tokens",
        "max_tokens written 5.0   | {$G,\"max_tokens\":5.0,$M} | max_tokens",
        "max_tokens fraction      | {$G,\"max_tokens\":1.5,$M} | max_tokens",
        "stream not boolean       | {$G,\"stream\":\"yes\",$M} | stream",
        "tool without call id     | {$G,\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"
                + " | messages[0].tool_call_id",
    })
    void rejects_bad_input_with_400_naming_the_field(String name, String template, String param) {
        // $G and $M abbreviate a valid model and messages, to keep the table readable
        String body = template.replace("$G", "\"model\":\"openai/gpt-4o\"")
                .replace("$M", "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]");
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(body));
        assertThat(e).as(name).isNotNull();
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request_error");
        assertThat(e.param().orElse(null)).isEqualTo(param);
        assertThat(e.getMessage()).isNotBlank();
    }
}
