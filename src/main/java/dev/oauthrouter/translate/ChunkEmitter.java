package dev.oauthrouter.translate;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.Usage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the OpenAI {@code chat.completion.chunk} objects of one stream and enforces the chunk
 * contract shared by every translator: the role travels on the first chunk, tool calls are numbered
 * from 0 in order, the finish reason is sent once, and the usage chunk only when the client asked.
 * One instance per stream; not thread-safe.
 */
public final class ChunkEmitter {
    private final String model;
    private final long created;
    private final boolean includeUsage;
    private String id;
    private boolean roleSent;
    private boolean finished;
    private int toolCalls;

    /**
     * Creates an emitter.
     *
     * @param id           chunk id; may be replaced by {@link #id(String)} before the first chunk
     * @param model        the model as the client named it ({@code provider/model})
     * @param created      creation time in epoch seconds
     * @param includeUsage whether to send the usage chunk
     */
    public ChunkEmitter(String id, String model, long created, boolean includeUsage) {
        this.id = id;
        this.model = model;
        this.created = created;
        this.includeUsage = includeUsage;
    }

    /** Sets the chunk id, e.g. once the provider announced its message id. */
    public void id(String newId) {
        this.id = newId;
    }

    /** Emits a {@code delta.content} fragment; empty text emits nothing. */
    public void content(String text, ChunkSink out) {
        if (!text.isEmpty()) {
            ObjectNode chunk = chunk();
            delta(chunk).put("content", text);
            out.chunk(chunk);
        }
    }

    /** Emits a {@code delta.reasoning_content} fragment; empty text emits nothing. */
    public void reasoning(String text, ChunkSink out) {
        if (!text.isEmpty()) {
            ObjectNode chunk = chunk();
            delta(chunk).put("reasoning_content", text);
            out.chunk(chunk);
        }
    }

    /** Emits a {@code delta.refusal} fragment (the provider's reason for declining); empty emits nothing. */
    public void refusal(String text, ChunkSink out) {
        if (!text.isEmpty()) {
            ObjectNode chunk = chunk();
            delta(chunk).put("refusal", text);
            out.chunk(chunk);
        }
    }

    /**
     * Emits the first chunk of a tool call (id, type, name and empty arguments).
     *
     * @return the OpenAI index of the call, counted from 0 over tool calls only
     */
    public int toolCallStart(String callId, String name, ChunkSink out) {
        int index = toolCalls++;
        ObjectNode chunk = chunk();
        ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
        call.put("index", index);
        call.put("id", callId);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", "");
        out.chunk(chunk);
        return index;
    }

    /** Emits an argument fragment of the tool call with this index; empty fragments emit nothing. */
    public void toolCallArguments(int index, String fragment, ChunkSink out) {
        if (!fragment.isEmpty()) {
            ObjectNode chunk = chunk();
            ObjectNode call = delta(chunk).putArray("tool_calls").addObject();
            call.put("index", index);
            call.putObject("function").put("arguments", fragment);
            out.chunk(chunk);
        }
    }

    /** Emits the chunk carrying the finish reason; later calls do nothing. */
    public void finish(String reason, ChunkSink out) {
        if (finished) {
            return;
        }
        finished = true;
        ObjectNode chunk = chunk();
        delta(chunk);
        ((ObjectNode) chunk.get("choices").get(0)).put("finish_reason", reason);
        out.chunk(chunk);
    }

    /** Emits the usage chunk ({@code choices: []}) when the client asked for it and usage is known. */
    public void usage(Usage usage, ChunkSink out) {
        if (!includeUsage || !usage.known()) {
            return;
        }
        ObjectNode chunk = head();
        chunk.putArray("choices");
        chunk.set("usage", usage.toJson());
        out.chunk(chunk);
    }

    /** Returns true once the finish chunk was sent. */
    public boolean finished() {
        return finished;
    }

    /** Returns the number of tool calls started so far. */
    public int toolCallCount() {
        return toolCalls;
    }

    private ObjectNode head() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        return chunk;
    }

    private ObjectNode chunk() {
        ObjectNode chunk = head();
        ArrayNode choices = chunk.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.putObject("delta");
        choice.putNull("finish_reason");
        return chunk;
    }

    private ObjectNode delta(ObjectNode chunk) {
        ObjectNode delta = (ObjectNode) chunk.get("choices").get(0).get("delta");
        if (!roleSent) {
            roleSent = true;
            delta.put("role", "assistant");
        }
        return delta;
    }
}
