package dev.oauthrouter.credentials;

import java.time.Duration;

/**
 * One usable credential for an upstream call: the auth header to send, plus feedback hooks so a pool
 * can rotate, cool down or refresh.
 */
public interface Credential {
    /** Returns the auth header name, e.g. {@code Authorization} or {@code x-api-key}. */
    String headerName();

    /** Returns the auth header value (a secret: never log it). */
    String headerValue();

    /** Reports that the upstream answered 429; the credential sits out for the given time. */
    default void rateLimited(Duration retryAfter) {
    }

    /**
     * Reports that the upstream answered 401 although the credential looked valid.
     *
     * @return true when the credential was refreshed and one retry makes sense
     */
    default boolean unauthorized() {
        return false;
    }
}
