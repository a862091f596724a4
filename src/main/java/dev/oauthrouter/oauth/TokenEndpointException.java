package dev.oauthrouter.oauth;

import java.time.Duration;
import java.util.Optional;

/**
 * A token or device endpoint refused or failed a request. The message holds the HTTP status and the
 * OAuth error code only, never a request or response secret.
 */
public class TokenEndpointException extends RuntimeException {
    private final TokenFailure failure;
    private final int status;
    private final String errorCode;
    private final Duration retryAfter;

    /**
     * Creates the exception.
     *
     * @param failure    how to handle it
     * @param status     HTTP status, 0 for a network failure
     * @param errorCode  OAuth {@code error} value (sanitized), or a local code such as {@code network}
     * @param retryAfter server-given wait, or null
     * @param message    secret-free description
     */
    public TokenEndpointException(TokenFailure failure, int status, String errorCode, Duration retryAfter,
                                  String message) {
        super(message, null, false, false);
        this.failure = failure;
        this.status = status;
        this.errorCode = errorCode;
        this.retryAfter = retryAfter;
    }

    /** Returns how to handle the failure. */
    public TokenFailure failure() {
        return failure;
    }

    /** Returns the HTTP status, 0 for a network failure. */
    public int status() {
        return status;
    }

    /** Returns the OAuth error code (e.g. {@code invalid_grant}, {@code authorization_pending}). */
    public String errorCode() {
        return errorCode;
    }

    /** Returns the server-given wait, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
