package dev.oauthrouter.translate;

import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.stream.SseEvent;

/**
 * Turns one upstream stream into OpenAI chunks. One instance per request; not thread-safe.
 *
 * <p>Contract: the first chunk carries {@code delta.role = "assistant"}; exactly one chunk carries a
 * non-null {@code finish_reason}; when the client asked for usage ({@code ChatRequest.includeUsage()})
 * one more chunk with {@code choices: []} and {@code usage} follows it. {@code [DONE]} is written by
 * the server, never by a translator.
 */
public interface StreamTranslator {
    /**
     * Consumes one upstream event and emits zero or more chunks.
     *
     * @throws UpstreamStreamException when the event is a provider error
     */
    void onEvent(SseEvent event, ChunkSink out);

    /**
     * Called when the upstream stream ended. Emits whatever is still owed (finish chunk, usage chunk).
     *
     * @throws UpstreamStreamException when the stream ended without the provider's terminal event
     */
    void onEnd(ChunkSink out);

    /** Returns the usage seen so far ({@link Usage#UNKNOWN} when none). */
    Usage usage();
}
