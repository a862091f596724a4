package dev.oauthrouter.auth;

import java.util.Optional;

/**
 * Looks up router tokens by their secret. Called on every request, so implementations answer from
 * memory where they can and compare hashes in constant time.
 */
public interface TokenAuthenticator {
    /**
     * Returns the active token for a presented secret ({@code lr_live_...}), or empty when it is
     * unknown, revoked or expired.
     *
     * @throws dev.oauthrouter.error.ApiException 503 when the store cannot be reached
     */
    Optional<TokenPrincipal> authenticate(String secret);
}
