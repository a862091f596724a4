package dev.oauthrouter.translate.gemini;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.translate.ChunkEmitter;
import dev.oauthrouter.translate.ChunkSink;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns one Gemini {@code alt=sse} stream (each event a whole GenerateContentResponse with new parts
 * and cumulative usage) into OpenAI chunks. The stream is complete once a candidate carried a
 * finishReason, or the prompt was blocked; the finish chunk is sent when the stream ends.
 */
final class GeminiStream implements StreamTranslator {
    private final ChunkEmitter emit;
    private final GeminiParts parts;
    private Usage usage = Usage.UNKNOWN;
    private boolean done;
    private JsonNode lastCandidate;
    private JsonNode lastResponse;
    private final GeminiParts.Listener listener = new Forwarder();
    private ChunkSink sink;

    GeminiStream(ChatRequest request, long created, String fallbackId) {
        this.emit = new ChunkEmitter(fallbackId, request.qualifiedModel(), created, request.includeUsage());
        this.parts = new GeminiParts(fallbackId);
    }

    @Override
    public void onEvent(SseEvent event, ChunkSink out) {
        if (event.isDone()) {
            return;
        }
        JsonNode r = UpstreamStreamException.parseEvent(event.data(), GeminiRequests.PROVIDER);
        JsonNode n = r.isArray() ? r.path(0) : r;
        if (n.has("error")) {
            throw GeminiTranslator.streamError(n.get("error"));
        }
        parts.responseId(n.path("responseId").asText(""));
        emit.id(parts.id());
        Usage u = GeminiTranslator.usage(n.path("usageMetadata"));
        if (u.known()) {
            usage = u;
        }
        JsonNode candidate = n.path("candidates").path(0);
        sink = out;
        parts.parts(candidate.path("content").path("parts"), listener);
        boolean blocked = candidate.isMissingNode() && n.has("promptFeedback");
        if (candidate.hasNonNull("finishReason") || blocked) {
            // the finish goes out when the stream ends: some streams repeat finishReason on every chunk
            done = true;
            lastCandidate = candidate;
            lastResponse = n;
        }
    }

    /** Forwards answer pieces to the sink of the event being handled; one instance for the whole stream. */
    private final class Forwarder implements GeminiParts.Listener {
        @Override
        public void text(String text) {
            emit.content(text, sink);
        }

        @Override
        public void thought(String text) {
            emit.reasoning(text, sink);
        }

        @Override
        public void toolCall(String id, String name, String arguments) {
            int index = emit.toolCallStart(id, name, sink);
            emit.toolCallArguments(index, arguments, sink);
        }
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!done) {
            throw UpstreamStreamException.truncated(GeminiRequests.PROVIDER);
        }
        sink = out;
        parts.flush(listener);
        emit.finish(GeminiTranslator.finishReason(lastCandidate, lastResponse, parts.sawToolCall()), out);
        emit.usage(usage, out);
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
