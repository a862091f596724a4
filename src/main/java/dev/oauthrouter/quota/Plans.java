package dev.oauthrouter.quota;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Plans and their monthly message limits. When the configuration names no plan, the defaults apply:
 * free 100, starter 1000, pro 5000, enterprise unlimited.
 */
public final class Plans {
    /** The plan a new token gets when none is named (when it exists). */
    public static final String DEFAULT_PLAN = "free";

    private final Map<String, OptionalLong> limits;

    /**
     * Creates the plans.
     *
     * @param limits limit per plan name; a null or negative value means unlimited; empty map = defaults
     */
    public Plans(Map<String, Long> limits) {
        Map<String, OptionalLong> copy = new LinkedHashMap<>();
        if (limits.isEmpty()) {
            copy.put("free", OptionalLong.of(100));
            copy.put("starter", OptionalLong.of(1000));
            copy.put("pro", OptionalLong.of(5000));
            copy.put("enterprise", OptionalLong.empty());
        } else {
            limits.forEach((name, limit) -> copy.put(name,
                    limit == null || limit < 0 ? OptionalLong.empty() : OptionalLong.of(limit)));
        }
        this.limits = Collections.unmodifiableMap(copy);
    }

    /** Returns the default plans. */
    public static Plans defaults() {
        return new Plans(Map.of());
    }

    /** Creates plans from a map whose empty values mean unlimited (the config loader's shape). */
    public static Plans fromOptional(Map<String, OptionalLong> limits) {
        Map<String, Long> plain = new LinkedHashMap<>();
        limits.forEach((name, limit) -> plain.put(name, limit.isPresent() ? limit.getAsLong() : null));
        return new Plans(plain);
    }

    /** Returns true when the plan exists. */
    public boolean exists(String plan) {
        return limits.containsKey(plan);
    }

    /** Returns the plan's limit (empty = unlimited), or empty when the plan does not exist. */
    public Optional<OptionalLong> limit(String plan) {
        return Optional.ofNullable(limits.get(plan));
    }

    /** Returns all plans in configuration order. */
    public Map<String, OptionalLong> all() {
        return limits;
    }

    /** Returns the plan new tokens get: {@value #DEFAULT_PLAN} when configured, else the first plan. */
    public String defaultPlan() {
        return limits.containsKey(DEFAULT_PLAN) ? DEFAULT_PLAN : limits.keySet().iterator().next();
    }
}
