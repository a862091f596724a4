package dev.oauthrouter.credentials;

import java.util.Locale;

/**
 * What a stored credential holds and how it is kept valid.
 */
public enum CredentialKind {
    /** A static key (also the key an OpenRouter login yields); never refreshed. */
    API_KEY,
    /** An OAuth access token, optionally with a refresh token, refreshed before expiry. */
    OAUTH,
    /** OAuth2 client credentials: a new access token is fetched with the client id and secret. */
    CLIENT_CREDENTIALS;

    /** Returns the snake_case name used in the database, the CLI and the admin API. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses the snake_case name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static CredentialKind parse(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
