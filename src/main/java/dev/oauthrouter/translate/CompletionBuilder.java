package dev.oauthrouter.translate;

import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.Usage;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds one OpenAI {@code chat.completion} object from the parts of a non-streaming answer, in the
 * same shape a client gets by accumulating the streamed chunks of that answer.
 */
public final class CompletionBuilder {
    private final String id;
    private final String model;
    private final long created;
    private final StringBuilder content = new StringBuilder();
    private final StringBuilder reasoning = new StringBuilder();
    private final StringBuilder refusal = new StringBuilder();
    private final List<String[]> toolCalls = new ArrayList<>();
    private String finishReason = "stop";
    private Usage usage = Usage.UNKNOWN;

    /**
     * Creates a builder.
     *
     * @param id      completion id
     * @param model   the model as the client named it
     * @param created creation time in epoch seconds
     */
    public CompletionBuilder(String id, String model, long created) {
        this.id = id;
        this.model = model;
        this.created = created;
    }

    /** Appends answer text. */
    public CompletionBuilder content(String text) {
        content.append(text);
        return this;
    }

    /** Appends reasoning text. */
    public CompletionBuilder reasoning(String text) {
        reasoning.append(text);
        return this;
    }

    /** Appends refusal text (the provider's reason for declining). */
    public CompletionBuilder refusal(String text) {
        refusal.append(text);
        return this;
    }

    /** Adds a tool call with its complete JSON arguments. */
    public CompletionBuilder toolCall(String callId, String name, String arguments) {
        toolCalls.add(new String[] {callId, name, arguments});
        return this;
    }

    /** Returns the number of tool calls added so far. */
    public int toolCallCount() {
        return toolCalls.size();
    }

    /** Sets the OpenAI finish reason. */
    public CompletionBuilder finish(String reason) {
        this.finishReason = reason;
        return this;
    }

    /** Sets the usage. */
    public CompletionBuilder usage(Usage newUsage) {
        this.usage = newUsage;
        return this;
    }

    /** Returns the usage set so far. */
    public Usage usage() {
        return usage;
    }

    /** Returns the {@code chat.completion} tree. */
    public ObjectNode build() {
        ObjectNode root = Json.object();
        root.put("id", id);
        root.put("object", "chat.completion");
        root.put("created", created);
        root.put("model", model);
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
        if (!toolCalls.isEmpty()) {
            ArrayNode calls = message.putArray("tool_calls");
            for (String[] call : toolCalls) {
                ObjectNode c = calls.addObject();
                c.put("id", call[0]);
                c.put("type", "function");
                ObjectNode function = c.putObject("function");
                function.put("name", call[1]);
                function.put("arguments", call[2]);
            }
        }
        choice.put("finish_reason", finishReason);
        if (usage.known()) {
            root.set("usage", usage.toJson());
        }
        return root;
    }
}
