package dev.oauthrouter.oauth;

import java.util.Locale;

/**
 * How the authorization step reaches the router.
 */
public enum LoginFlow {
    /** The browser is redirected to a one-shot server on 127.0.0.1 (RFC 8252). */
    LOOPBACK,
    /** The owner pastes the redirected URL (or the code) back; for headless machines. */
    PASTE,
    /** The owner enters a short code on the provider's site while the router polls (RFC 8628). */
    DEVICE;

    /**
     * Parses the CLI name.
     *
     * @throws IllegalArgumentException for an unknown name
     */
    public static LoginFlow parse(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
