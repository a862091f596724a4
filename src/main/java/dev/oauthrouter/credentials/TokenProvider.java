package dev.oauthrouter.credentials;

/**
 * Supplies valid access tokens for stored OAuth and client-credentials credentials and takes
 * feedback from upstream calls. Implemented by {@code dev.oauthrouter.oauth.TokenManager}.
 */
public interface TokenProvider {
    /**
     * Returns a valid access token, refreshing it first when needed.
     *
     * @throws dev.oauthrouter.error.ApiException 401 when the credential needs a new login, 503 while
     *                                            its token endpoint is failing
     */
    String accessToken(String credentialId);

    /**
     * Handles an upstream 401 on a token the clock says is valid.
     *
     * @return true when a different, fresh token is now current and one retry makes sense
     */
    boolean recoverFromUnauthorized(String credentialId, String rejectedToken);

    /** Marks a credential as refused for good, with a secret-free reason for the owner. */
    void markNeedsRelogin(String credentialId, String reason);
}
