package dev.oauthrouter.translate;

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

    /**
     * Folds chunks into a {@code chat.completion} the way the openai SDKs' stream accumulators do:
     * each delta is merged into one message, text fields concatenated and tool calls merged by index.
     * Written independently of {@link CompletionBuilder}, so that comparing the two checks that a
     * non-streamed answer has the shape a client builds from the stream.
     */
    public static ObjectNode accumulate(List<JsonNode> chunks) {
        JsonNode first = chunks.get(0);
        ObjectNode message = Json.object();
        JsonNode finish = null;
        JsonNode usage = null;
        for (JsonNode c : chunks) {
            if (c.has("usage")) {
                usage = c.get("usage");
            }
            for (JsonNode choice : c.path("choices")) {
                merge(message, choice.path("delta"));
                if (!choice.path("finish_reason").isNull()) {
                    finish = choice.get("finish_reason");
                }
            }
        }
        // a client shows an answer without text as content null, and leaves out empty extras
        if (message.path("content").asText("").isEmpty()) {
            message.putNull("content");
        }
        for (String field : new String[] {"reasoning_content", "refusal", "tool_calls"}) {
            if (message.has(field) && (message.get(field).isArray() ? message.get(field).isEmpty()
                    : message.get(field).asText().isEmpty())) {
                message.remove(field);
            }
        }
        ObjectNode root = Json.object();
        root.put("id", first.path("id").asText());
        root.put("object", "chat.completion");
        root.set("created", first.get("created"));
        root.put("model", first.path("model").asText());
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", message);
        if (finish == null) {
            choice.putNull("finish_reason");
        } else {
            choice.set("finish_reason", finish);
        }
        if (usage != null) {
            root.set("usage", usage);
        }
        return root;
    }

    /** Merges a delta into a snapshot: strings append, objects merge, tool calls go by their index. */
    private static void merge(ObjectNode snapshot, JsonNode delta) {
        delta.fields().forEachRemaining(f -> {
            JsonNode value = f.getValue();
            JsonNode old = snapshot.get(f.getKey());
            if (f.getKey().equals("tool_calls")) {
                ArrayNode calls = snapshot.withArray("tool_calls");
                for (JsonNode call : value) {
                    int index = call.path("index").asInt();
                    if (call.has("id")) {
                        assertThat(index).as("tool call index").isEqualTo(calls.size());
                        calls.addObject().putObject("function").put("arguments", "");
                    }
                    ObjectNode part = call.deepCopy();
                    part.remove("index");
                    merge((ObjectNode) calls.get(index), part);
                }
            } else if (value.isObject()) {
                merge(old instanceof ObjectNode o ? o : snapshot.putObject(f.getKey()), value);
            } else if (value.isTextual() && old != null && old.isTextual()) {
                snapshot.put(f.getKey(), old.asText() + value.asText());
            } else if (!value.isNull()) {
                snapshot.set(f.getKey(), value);
            }
        });
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
