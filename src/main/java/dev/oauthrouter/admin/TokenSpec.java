package dev.oauthrouter.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What to create: a token's name, and optionally its plan, expiry and model allowlist.
 *
 * @param name      unique name
 * @param plan      plan; empty = the default plan
 * @param expiresAt expiry; empty = never
 * @param models    model allowlist patterns; empty = all models
 */
public record TokenSpec(String name,
                        Optional<String> plan,
                        Optional<Instant> expiresAt,
                        List<String> models) {
    /** Copies the list. */
    public TokenSpec {
        models = List.copyOf(models);
    }

    /** Returns a spec with only a name. */
    public static TokenSpec named(String name) {
        return new TokenSpec(name, Optional.empty(), Optional.empty(), List.of());
    }
}
