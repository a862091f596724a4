package dev.oauthrouter.translate.cohere;

import java.util.List;
import java.util.Optional;

import dev.oauthrouter.stream.SseEvent;

/**
 * Gives tests outside this package the non-streaming Cohere body of a stream, built by
 * {@link CohereConformanceTest#assemble} (the way the provider's SDK accumulates a stream).
 */
public final class CohereStreamAssembly {
    private CohereStreamAssembly() {
    }

    /** Returns the non-streaming body of a stream's events, or empty when it has no such form. */
    public static Optional<byte[]> nonStreamBody(List<SseEvent> events) {
        return new CohereConformanceTest().assemble(events);
    }
}
