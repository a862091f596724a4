package dev.oauthrouter.translate.cohere;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.translate.ChunkEmitter;
import dev.oauthrouter.translate.ChunkSink;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;

/** Turns one Cohere v2 chat stream ({@code message-start} ... {@code message-end}) into OpenAI chunks. */
final class CohereStream implements StreamTranslator {
    private static final String NULL = "null";
    private final ChunkEmitter emit;
    private int toolIndex = -1;
    // arguments of the open call still held back: they might spell "null", which we send as {}
    private final StringBuilder held = new StringBuilder();
    private boolean released;
    private Usage usage = Usage.UNKNOWN;
    private boolean done;

    CohereStream(ChatRequest request, long created) {
        this.emit = new ChunkEmitter("", request.qualifiedModel(), created, request.includeUsage());
    }

    @Override
    public void onEvent(SseEvent event, ChunkSink out) {
        if (event.isDone()) {
            return;
        }
        JsonNode e = UpstreamStreamException.parseEvent(event.data(), CohereRequests.PROVIDER);
        JsonNode message = e.path("delta").path("message");
        switch (e.path("type").asText(event.event())) {
        case "message-start" -> emit.id(e.path("id").asText(""));
        case "content-start", "content-delta" -> {
            JsonNode c = message.path("content");
            emit.content(c.path("text").asText(""), out);
            emit.reasoning(c.path("thinking").asText(""), out);
        }
        case "tool-plan-delta" -> emit.reasoning(message.path("tool_plan").asText(""), out);
        case "tool-call-start" -> {
            closeCall(out);
            JsonNode call = message.path("tool_calls");
            toolIndex = emit.toolCallStart(call.path("id").asText(""),
                    call.path("function").path("name").asText(""),
                    out);
            held.setLength(0);
            released = false;
            arguments(call.path("function").path("arguments").asText(""), out);
        }
        case "tool-call-delta" ->
                arguments(message.path("tool_calls").path("function").path("arguments").asText(""),
                out);
        case "tool-call-end" -> closeCall(out);
        case "message-end" -> {
            closeCall(out);
            JsonNode delta = e.path("delta");
            String reason = delta.path("finish_reason").asText("");
            if (reason.equals("ERROR") || reason.equals("TIMEOUT")) {
                throw CohereTranslator.failed(reason, delta.path("error").asText(""));
            }
            usage = CohereTranslator.usage(delta.path("usage"));
            done = true;
            emit.finish(CohereTranslator.finishReason(reason), out);
            emit.usage(usage, out);
        }
        default -> {
            // content-end, citation-start/-end and debug events carry nothing for the client
        }
        }
    }

    private void arguments(String fragment, ChunkSink out) {
        if (toolIndex < 0 || fragment.isEmpty()) {
            return;
        }
        if (released) {
            emit.toolCallArguments(toolIndex, fragment, out);
            return;
        }
        held.append(fragment);
        String sofar = held.toString().stripLeading();
        if (!NULL.startsWith(sofar) || sofar.length() > NULL.length()) {
            released = true;
            emit.toolCallArguments(toolIndex, held.toString(), out);
            held.setLength(0);
        }
    }

    private void closeCall(ChunkSink out) {
        if (toolIndex < 0) {
            return;
        }
        if (!released) {
            emit.toolCallArguments(toolIndex, CohereTranslator.arguments(held.toString()), out);
        }
        toolIndex = -1;
        held.setLength(0);
        released = false;
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!done) {
            throw UpstreamStreamException.truncated(CohereRequests.PROVIDER);
        }
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
