package dev.oauthrouter.translate.anthropic;

import java.util.List;
import java.util.Optional;

import dev.oauthrouter.stream.SseEvent;

/**
 * Gives tests outside this package the non-streaming Anthropic body of a stream, built by
 * {@link AnthropicConformanceTest#assemble} (the way the provider's SDK accumulates a stream).
 */
public final class AnthropicStreamAssembly {
    private AnthropicStreamAssembly() {
    }

    /** Returns the non-streaming body of a stream's events, or empty when it has no such form. */
    public static Optional<byte[]> nonStreamBody(List<SseEvent> events) {
        return new AnthropicConformanceTest().assemble(events);
    }
}
