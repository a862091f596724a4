package dev.oauthrouter.translate.gemini;

import java.util.List;
import java.util.Optional;

import dev.oauthrouter.stream.SseEvent;

/**
 * Gives tests outside this package the non-streaming Gemini body of a stream, built by
 * {@link GeminiConformanceTest#assemble} (the way the provider's SDK accumulates a stream).
 */
public final class GeminiStreamAssembly {
    private GeminiStreamAssembly() {
    }

    /** Returns the non-streaming body of a stream's events, or empty when it has no such form. */
    public static Optional<byte[]> nonStreamBody(List<SseEvent> events) {
        return new GeminiConformanceTest().assemble(events);
    }
}
