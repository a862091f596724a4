package dev.oauthrouter.oauth;

/**
 * How a failed token request should be handled.
 */
public enum TokenFailure {
    /** The grant is dead (invalid_grant, reuse detected, 401/403): the owner must log in again. */
    PERMANENT,
    /** The endpoint answered 429: wait for Retry-After. */
    RATE_LIMITED,
    /** 5xx, timeout, network error or a malformed answer: retry with exponential backoff. */
    TRANSIENT
}
