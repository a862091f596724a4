package dev.oauthrouter.credentials;

import java.time.Instant;
import java.util.Optional;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The secret-free status of one credential, for `credentials list` and the admin API.
 *
 * @param id              credential id
 * @param provider        provider name
 * @param name            credential name
 * @param kind            what it holds
 * @param status          whether it may be used
 * @param expiresAt       access token expiry
 * @param lastRefresh     last successful token fetch
 * @param lastError       last failure (secret-free)
 * @param cooldownUntil   rate-limit cooldown end
 * @param refreshable     true when it holds a refresh token
 * @param persistPending  true while a rotated token is only in this process's memory because the
 *                        database write failed (it is being retried)
 */
public record CredentialInfo(String id,
                             String provider,
                             String name,
                             CredentialKind kind,
                             CredentialStatus status,
                             Optional<Instant> expiresAt,
                             Optional<Instant> lastRefresh,
                             Optional<String> lastError,
                             Optional<Instant> cooldownUntil,
                             boolean refreshable,
                             boolean persistPending) {

    /** Returns a copy with the persist-pending flag set as given. */
    public CredentialInfo withPersistPending(boolean pending) {
        return new CredentialInfo(id, provider, name, kind, status, expiresAt, lastRefresh, lastError,
                cooldownUntil, refreshable, pending);
    }

    /** Returns true when the credential is cooling down at {@code now}. */
    public boolean coolingDown(Instant now) {
        return cooldownUntil.map(now::isBefore).orElse(false);
    }

    /** Returns the record as a JSON object with snake_case fields; absent times are null. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        n.put("id", id);
        n.put("provider", provider);
        n.put("name", name);
        n.put("kind", kind.wire());
        n.put("status", status.wire());
        n.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
        n.put("last_refresh", lastRefresh.map(Instant::toString).orElse(null));
        n.put("last_error", lastError.orElse(null));
        n.put("cooldown_until", cooldownUntil.map(Instant::toString).orElse(null));
        n.put("refreshable", refreshable);
        n.put("persist_pending", persistPending);
        return n;
    }
}
