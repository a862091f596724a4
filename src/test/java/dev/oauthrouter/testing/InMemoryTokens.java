package dev.oauthrouter.testing;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.oauthrouter.auth.TokenAuthenticator;
import dev.oauthrouter.auth.TokenPrincipal;

/**
 * A {@link TokenAuthenticator} over a map of secrets, for tests. Tokens are added with
 * {@link #add(String)}; every lookup is counted.
 */
public final class InMemoryTokens implements TokenAuthenticator {
    private final Map<String, TokenPrincipal> tokens = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final AtomicLong lookups = new AtomicLong();

    /** Adds a token with plan {@code pro} and no model allowlist; returns its principal. */
    public TokenPrincipal add(String secret, String name) {
        return add(secret, new TokenPrincipal(nextId.getAndIncrement(), name, "pro", List.of()));
    }

    /** Adds a token for a given principal. */
    public TokenPrincipal add(String secret, TokenPrincipal principal) {
        if (!secret.startsWith("lr_live_")) {
            throw new IllegalArgumentException("router tokens start with lr_live_");
        }
        tokens.put(secret, principal);
        return principal;
    }

    /** Removes a token, as a revocation would. */
    public void revoke(String secret) {
        tokens.remove(secret);
    }

    /** Returns how many lookups were made. */
    public long lookups() {
        return lookups.get();
    }

    @Override
    public Optional<TokenPrincipal> authenticate(String secret) {
        lookups.incrementAndGet();
        return Optional.ofNullable(tokens.get(secret));
    }
}
