package dev.oauthrouter.translate.anthropic;

import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.translate.ChunkEmitter;
import dev.oauthrouter.translate.ChunkSink;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns one Anthropic Messages stream ({@code message_start}, content blocks, {@code message_delta},
 * {@code message_stop}) into OpenAI chunks.
 */
final class AnthropicStream implements StreamTranslator {
    private final ChunkEmitter emit;
    private final List<ObjectNode> thinking = new ArrayList<>();
    private String blockType = "";
    private ObjectNode thinkingBlock;
    private StringBuilder thinkingText;
    private int toolIndex = -1;
    private boolean toolHasArguments;
    private String stopReason = "";
    private String refusal = "";
    private long input = -1;
    private long cacheWrite;
    private long cacheRead = -1;
    private long output = -1;
    private boolean done;

    AnthropicStream(ChatRequest request, long created) {
        this.emit = new ChunkEmitter("", request.qualifiedModel(), created, request.includeUsage());
    }

    @Override
    public void onEvent(SseEvent event, ChunkSink out) {
        if (event.isDone()) {
            return;
        }
        JsonNode e = UpstreamStreamException.parseEvent(event.data(), AnthropicRequests.PROVIDER);
        switch (e.path("type").asText(event.event())) {
        case "message_start" -> {
            JsonNode message = e.path("message");
            emit.id(message.path("id").asText(""));
            readUsage(message.path("usage"));
        }
        case "content_block_start" -> blockStart(e.path("content_block"), out);
        case "content_block_delta" -> blockDelta(e.path("delta"), out);
        case "content_block_stop" -> blockStop(out);
        case "message_delta" -> {
            String reason = e.path("delta").path("stop_reason").asText("");
            if (!reason.isEmpty()) {
                stopReason = reason;
                refusal = AnthropicTranslator.refusal(reason, e.path("delta").path("stop_details"));
            }
            readUsage(e.path("usage"));
        }
        case "message_stop" -> {
            done = true;
            emit.refusal(refusal, out);
            emit.finish(AnthropicTranslator.finishReason(stopReason), out);
            emit.usage(usage(), out);
        }
        case "error" -> throw AnthropicTranslator.streamError(e);
        default -> {
            // ping and event types added later carry nothing for the client
        }
        }
    }

    private void blockStart(JsonNode block, ChunkSink out) {
        blockType = block.path("type").asText("");
        switch (blockType) {
        case "text" -> emit.content(block.path("text").asText(""), out);
        case "thinking" -> {
            thinkingBlock = Json.object();
            thinkingBlock.put("type", "thinking");
            thinkingText = new StringBuilder(block.path("thinking").asText(""));
            thinkingBlock.put("signature", block.path("signature").asText(""));
            emit.reasoning(thinkingText.toString(), out);
        }
        case "redacted_thinking" -> thinking.add((ObjectNode) block);
        case "tool_use" -> {
            String id = block.path("id").asText("");
            if (emit.toolCallCount() == 0) {
                id = ThinkingIds.attach(id, thinking);
            }
            toolIndex = emit.toolCallStart(id, block.path("name").asText(""), out);
            toolHasArguments = false;
        }
        default -> {
            // server tool blocks are not produced for requests from this router
        }
        }
    }

    private void blockDelta(JsonNode delta, ChunkSink out) {
        switch (delta.path("type").asText("")) {
        case "text_delta" -> emit.content(delta.path("text").asText(""), out);
        case "thinking_delta" -> {
            String t = delta.path("thinking").asText("");
            if (thinkingText != null) {
                thinkingText.append(t);
            }
            emit.reasoning(t, out);
        }
        case "signature_delta" -> {
            if (thinkingBlock != null) {
                thinkingBlock.put("signature", thinkingBlock.path("signature").asText("")
                        + delta.path("signature").asText(""));
            }
        }
        case "input_json_delta" -> {
            String part = delta.path("partial_json").asText("");
            if (toolIndex >= 0 && !part.isEmpty()) {
                toolHasArguments = true;
                emit.toolCallArguments(toolIndex, part, out);
            }
        }
        default -> {
            // citations_delta: no chat completions form
        }
        }
    }

    private void blockStop(ChunkSink out) {
        if (blockType.equals("thinking") && thinkingBlock != null) {
            ObjectNode b = Json.object();
            b.put("type", "thinking");
            b.put("thinking", thinkingText.toString());
            b.put("signature", thinkingBlock.path("signature").asText(""));
            thinking.add(b);
            thinkingBlock = null;
            thinkingText = null;
        } else if (blockType.equals("tool_use") && toolIndex >= 0) {
            if (!toolHasArguments) {
                // a call without arguments streams only an empty fragment; its input is {}
                emit.toolCallArguments(toolIndex, "{}", out);
            }
            toolIndex = -1;
        }
        blockType = "";
    }

    private void readUsage(JsonNode u) {
        if (!u.isObject()) {
            return;
        }
        if (u.hasNonNull("input_tokens")) {
            input = u.get("input_tokens").asLong();
        }
        if (u.hasNonNull("cache_creation_input_tokens")) {
            cacheWrite = u.get("cache_creation_input_tokens").asLong();
        }
        if (u.hasNonNull("cache_read_input_tokens")) {
            cacheRead = u.get("cache_read_input_tokens").asLong();
        }
        if (u.hasNonNull("output_tokens")) {
            output = u.get("output_tokens").asLong();
        }
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!done) {
            throw UpstreamStreamException.truncated(AnthropicRequests.PROVIDER);
        }
    }

    @Override
    public Usage usage() {
        if (input < 0 && output < 0) {
            return Usage.UNKNOWN;
        }
        long prompt = Math.max(input, 0) + cacheWrite + Math.max(cacheRead, 0);
        return new Usage(prompt, output, -1, cacheRead);
    }
}
