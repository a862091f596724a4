package dev.oauthrouter.auth;

import java.util.List;

/**
 * An authenticated router token, as handlers see it.
 *
 * @param id            database id
 * @param name          unique token name (safe to log)
 * @param plan          plan name, e.g. {@code free}
 * @param allowedModels model allowlist patterns ({@code anthropic/*}, {@code openai/gpt-4o}); empty = all
 */
public record TokenPrincipal(long id, String name, String plan, List<String> allowedModels) {
    /** Copies the list. */
    public TokenPrincipal {
        allowedModels = List.copyOf(allowedModels);
    }

    /** Returns true when the token may use {@code provider/model}. */
    public boolean allows(String qualifiedModel) {
        if (allowedModels.isEmpty()) {
            return true;
        }
        for (String pattern : allowedModels) {
            if (pattern.endsWith("*")
                    ? qualifiedModel.startsWith(pattern.substring(0, pattern.length() - 1))
                    : qualifiedModel.equals(pattern)) {
                return true;
            }
        }
        return false;
    }
}
