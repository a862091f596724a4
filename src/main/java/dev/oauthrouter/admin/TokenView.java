package dev.oauthrouter.admin;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A token as the owner sees it (never the secret).
 *
 * @param name       name
 * @param plan       plan
 * @param limit      the plan's monthly limit; empty = unlimited
 * @param used       messages used this month
 * @param createdAt  creation time
 * @param lastUsedAt last request, if any
 * @param expiresAt  expiry, if any
 * @param state      active, revoked or expired
 * @param models     model allowlist; empty = all
 */
public record TokenView(String name,
                        String plan,
                        OptionalLong limit,
                        long used,
                        Instant createdAt,
                        Optional<Instant> lastUsedAt,
                        Optional<Instant> expiresAt,
                        TokenState state,
                        List<String> models) {
    /** Copies the list. */
    public TokenView {
        models = List.copyOf(models);
    }

    /**
     * Returns the admin API object: name, plan, limit (null = unlimited), used, created_at, last_used_at,
     * expires_at, state, models.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("name", name);
        o.put("plan", plan);
        if (limit.isPresent()) {
            o.put("limit", limit.getAsLong());
        } else {
            o.putNull("limit");
        }
        o.put("used", used);
        o.put("created_at", createdAt.toString());
        o.put("last_used_at", lastUsedAt.map(Instant::toString).orElse(null));
        o.put("expires_at", expiresAt.map(Instant::toString).orElse(null));
        o.put("state", state.wire());
        ArrayNode list = o.putArray("models");
        models.forEach(list::add);
        return o;
    }
}
