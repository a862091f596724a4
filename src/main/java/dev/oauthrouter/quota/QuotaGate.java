package dev.oauthrouter.quota;

import dev.oauthrouter.auth.TokenPrincipal;

/**
 * Admits requests against a token's monthly message limit.
 */
public interface QuotaGate {
    /**
     * Reserves one message for the token in the current month, atomically.
     *
     * @return the admission, to release if the provider fails
     * @throws dev.oauthrouter.error.ApiException 429 {@code monthly_limit_reached} (with rate limit headers
     *                                            and Retry-After) or 503 when the store is unavailable
     */
    Admission admit(TokenPrincipal token);

    /**
     * Returns the {@code x-ratelimit-*} headers for a token without reserving, for answers that do not
     * count (rejected requests). Empty when unknown.
     */
    default java.util.Map<String, String> peek(TokenPrincipal token) {
        return java.util.Map.of();
    }

    /** One admitted message. */
    interface Admission {
        /** Returns the {@code x-ratelimit-*} headers to send with the answer. */
        java.util.Map<String, String> headers();

        /** Gives the message back because the provider failed. Idempotent; never throws. */
        void release();
    }
}
