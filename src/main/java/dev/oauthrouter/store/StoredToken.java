package dev.oauthrouter.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One row of {@code router_token}.
 *
 * @param id           database id
 * @param name         unique name
 * @param secretHash   hex SHA-256 of the secret
 * @param secretSealed base64 of the AES-GCM sealed secret
 * @param plan         plan name
 * @param models       model allowlist; empty = all models
 * @param createdAt    creation time
 * @param lastUsedAt   last request time, if any
 * @param expiresAt    expiry, if any
 * @param revokedAt    revocation time, if revoked
 */
public record StoredToken(long id,
                          String name,
                          String secretHash,
                          String secretSealed,
                          String plan,
                          List<String> models,
                          Instant createdAt,
                          Optional<Instant> lastUsedAt,
                          Optional<Instant> expiresAt,
                          Optional<Instant> revokedAt) {
    /** Copies the list. */
    public StoredToken {
        models = List.copyOf(models);
    }

    /** Returns true when the token may be used at {@code now}. */
    public boolean activeAt(Instant now) {
        return revokedAt.isEmpty() && expiresAt.map(now::isBefore).orElse(true);
    }

    @Override
    public String toString() {
        // the hash and sealed copy are not secrets, but they have no place in logs either
        return "StoredToken[id=" + id + ", name=" + name + ", plan=" + plan + "]";
    }
}
