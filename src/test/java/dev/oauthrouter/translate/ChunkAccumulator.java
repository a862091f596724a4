package dev.oauthrouter.translate;

import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks OpenAI chunk invariants and folds a chunk list into the {@code chat.completion} a client
 * would build from it (as the openai SDKs' stream accumulators do).
 */
public final class ChunkAccumulator {
    private ChunkAccumulator() {
    }

    /** Asserts the chunk contract of {@link StreamTranslator} on a complete stream. */
    public static void assertContract(List<JsonNode> chunks, String model, boolean includeUsage) {
        assertThat(chunks).as("chunks").isNotEmpty();
        int finishes = 0;
        int usageChunks = 0;
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode c = chunks.get(i);
            assertThat(c.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(c.path("model").asText()).isEqualTo(model);
            assertThat(c.path("id").asText()).as("chunk id").isNotEmpty();
            assertThat(c.path("created").isIntegralNumber()).isTrue();
            JsonNode choices = c.path("choices");
            if (choices.isEmpty()) {
                usageChunks++;
                assertThat(i).as("usage chunk is last").isEqualTo(chunks.size() - 1);
                assertThat(c.path("usage").isObject()).isTrue();
                continue;
            }
            JsonNode choice = choices.get(0);
            assertThat(choice.path("index").asInt()).isZero();
            JsonNode delta = choice.path("delta");
            if (i == 0) {
                assertThat(delta.path("role").asText()).as("first chunk role").isEqualTo("assistant");
            } else {
                assertThat(delta.has("role")).as("role only on the first chunk").isFalse();
            }
            if (!choice.path("finish_reason").isNull()) {
                finishes++;
            }
            for (JsonNode call : delta.path("tool_calls")) {
                if (call.has("id")) {
                    assertThat(call.path("type").asText()).isEqualTo("function");
                    assertThat(call.path("function").path("name").asText()).isNotEmpty();
                    assertThat(call.path("function").path("arguments").asText()).isEmpty();
                }
            }
        }
        assertThat(finishes).as("chunks with a finish_reason").isEqualTo(1);
        assertThat(usageChunks).as("usage chunks").isEqualTo(includeUsage ? 1 : 0);
    }

    /** Folds chunks into a {@code chat.completion} in the shape {@link CompletionBuilder} produces. */
    public static ObjectNode accumulate(List<JsonNode> chunks) {
        JsonNode first = chunks.get(0);
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        StringBuilder refusal = new StringBuilder();
        List<String[]> calls = new ArrayList<>();
        String finish = null;
        JsonNode usage = null;
        for (JsonNode c : chunks) {
            if (c.has("usage")) {
                usage = c.get("usage");
            }
            for (JsonNode choice : c.path("choices")) {
                JsonNode d = choice.path("delta");
                content.append(d.path("content").asText(""));
                reasoning.append(d.path("reasoning_content").asText(""));
                refusal.append(d.path("refusal").asText(""));
                for (JsonNode call : d.path("tool_calls")) {
                    int index = call.path("index").asInt();
                    if (call.has("id")) {
                        assertThat(index).as("tool call index").isEqualTo(calls.size());
                        calls.add(new String[] {call.get("id").asText(),
                                call.path("function").path("name").asText(),
                            ""});
                    }
                    String[] target = calls.get(index);
                    target[2] += call.path("function").path("arguments").asText("");
                }
                if (!choice.path("finish_reason").isNull()) {
                    finish = choice.get("finish_reason").asText();
                }
            }
        }
        ObjectNode root = Json.object();
        root.put("id", first.path("id").asText());
        root.put("object", "chat.completion");
        root.set("created", first.get("created"));
        root.put("model", first.path("model").asText());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        if (content.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", content.toString());
        }
        if (!reasoning.isEmpty()) {
            message.put("reasoning_content", reasoning.toString());
        }
        if (!refusal.isEmpty()) {
            message.put("refusal", refusal.toString());
        }
        if (!calls.isEmpty()) {
            ArrayNode out = message.putArray("tool_calls");
            for (String[] call : calls) {
                ObjectNode o = out.addObject();
                o.put("id", call[0]);
                o.put("type", "function");
                o.putObject("function").put("name", call[1]).put("arguments", call[2]);
            }
        }
        choice.put("finish_reason", finish);
        if (usage != null) {
            root.set("usage", usage);
        }
        return root;
    }

    /** Returns a copy whose tool call arguments are parsed JSON, for comparing answers up to whitespace. */
    public static JsonNode withParsedArguments(JsonNode completion) {
        JsonNode copy = completion.deepCopy();
        for (JsonNode call : copy.path("choices").path(0).path("message").path("tool_calls")) {
            ObjectNode f = (ObjectNode) call.get("function");
            f.set("arguments", Json.parse(f.get("arguments").asText()));
        }
        return copy;
    }
}
