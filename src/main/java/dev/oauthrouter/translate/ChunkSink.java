package dev.oauthrouter.translate;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Receives OpenAI {@code chat.completion.chunk} objects in order; the server frames each as one
 * {@code data: {json}\n\n} event and flushes it at once.
 */
public interface ChunkSink {
    /**
     * Sends one chunk given as single-line UTF-8 JSON bytes.
     *
     * @param json the chunk, a JSON object on one line
     */
    void chunk(byte[] json);

    /** Sends one chunk given as a tree. */
    default void chunk(JsonNode chunk) {
        chunk(Json.bytes(chunk));
    }
}
