package dev.oauthrouter.admin;

/**
 * Whether a token can be used.
 */
public enum TokenState {
    /** Usable. */
    ACTIVE,
    /** Revoked by the owner. */
    REVOKED,
    /** Past its expiry date. */
    EXPIRED;

    /** Returns the lower-case wire name. */
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
