package dev.oauthrouter.credentials;

import java.util.Locale;

/**
 * Whether a stored credential may be used.
 */
public enum CredentialStatus {
    /** Usable (it may still be cooling down after a 429; see the cooldown time). */
    ACTIVE,
    /** The provider refused it permanently; only a new login (or `credentials add`) fixes it. */
    NEEDS_RELOGIN,
    /** Switched off by the owner. */
    DISABLED;

    /** Returns the snake_case name used in the database, the CLI and the admin API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the snake_case name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static CredentialStatus parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
