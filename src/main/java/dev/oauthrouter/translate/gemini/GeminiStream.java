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
 * and cumulative usage) into OpenAI chunks. The stream is complete once a candidate carries a
 * finishReason, or the prompt was blocked.
 */
final class GeminiStream implements StreamTranslator {
    private final ChunkEmitter emit;
    private final GeminiParts parts;
    private Usage usage = Usage.UNKNOWN;
    private boolean done;

    GeminiStream(ChatRequest request, long created, String fallbackId) {
        this.emit = new ChunkEmitter(fallbackId, request.qualifiedModel(), created, request.includeUsage());
        this.parts = new GeminiParts(fallbackId);
    }

    @Override
    public void onEvent(SseEvent event, ChunkSink out) {
        JsonNode r = Json.parse(event.data());
        JsonNode n = r.isArray() ? r.path(0) : r;
        if (n.has("error")) {
            throw GeminiTranslator.streamError(n.get("error"));
        }
        if (done) {
            return;
        }
        parts.responseId(n.path("responseId").asText(""));
        emit.id(parts.id());
        Usage u = GeminiTranslator.usage(n.path("usageMetadata"));
        if (u.known()) {
            usage = u;
        }
        JsonNode candidate = n.path("candidates").path(0);
        GeminiParts.Listener l = new GeminiParts.Listener() {
            @Override
            public void text(String text) {
                emit.content(text, out);
            }

            @Override
            public void thought(String text) {
                emit.reasoning(text, out);
            }

            @Override
            public void toolCall(String id, String name, String arguments) {
                int index = emit.toolCallStart(id, name, out);
                emit.toolCallArguments(index, arguments, out);
            }
        };
        parts.parts(candidate.path("content").path("parts"), l);
        boolean blocked = candidate.isMissingNode() && n.has("promptFeedback");
        if (candidate.hasNonNull("finishReason") || blocked) {
            parts.flush(l);
            done = true;
            emit.finish(GeminiTranslator.finishReason(candidate, n, parts.sawToolCall()), out);
            emit.usage(usage, out);
        }
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!done) {
            throw UpstreamStreamException.truncated(GeminiRequests.PROVIDER);
        }
    }

    @Override
    public Usage usage() {
        return usage;
    }
}
