package dev.oauthrouter.translate;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.openai.ChatRequest;

/**
 * Pure mapping between the OpenAI chat API and one provider's wire format. Implementations do no IO
 * and keep no state between calls; per-stream state lives in the {@link StreamTranslator}.
 */
public interface ChatTranslator {
    /**
     * Maps a validated request to the provider's request.
     *
     * @throws ApiException (400, naming the field) when the request cannot be expressed faithfully
     */
    UpstreamRequest request(ChatRequest request);

    /** Maps a successful non-streaming provider body to a {@code chat.completion}. */
    TranslatedResponse response(byte[] body, ChatRequest request);

    /** Returns a fresh stream translator for one streaming request. */
    StreamTranslator stream(ChatRequest request);

    /**
     * Maps a provider error answer (non-2xx) to our envelope.
     *
     * @param status     upstream HTTP status
     * @param body       upstream body (may be empty or not JSON)
     * @param retryAfter the upstream Retry-After value, or empty string
     */
    ApiException error(int status, byte[] body, String retryAfter);
}
