package dev.oauthrouter.credentials;

import java.util.Locale;

/**
 * How a token endpoint wants its request body.
 */
public enum BodyFormat {
    /** {@code application/x-www-form-urlencoded}, as RFC 6749 specifies (Google, GitHub, most IdPs). */
    FORM,
    /** {@code application/json}, used by some providers. */
    JSON;

    /** Returns the lower-case name used in the database and the CLI. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the lower-case name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static BodyFormat parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
