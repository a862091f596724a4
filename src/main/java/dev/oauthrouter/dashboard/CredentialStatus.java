package dev.oauthrouter.dashboard;

import java.time.Instant;
import java.util.Optional;

/**
 * What the Providers page shows about a provider's credential.
 *
 * @param kind         {@code api_key}, {@code oauth} or {@code client_credentials}
 * @param status       {@code active}, {@code expiring}, {@code needs_relogin} or {@code cooling_down}
 * @param coolingUntil end of a cool-down after upstream 429s, if cooling down
 * @param lastError    the last credential error (never containing a secret), if any
 */
public record CredentialStatus(String kind, String status, Optional<Instant> coolingUntil,
                               Optional<String> lastError) {
    /** Returns the status of a configured API key, which is always usable. */
    public static CredentialStatus apiKey() {
        return new CredentialStatus("api_key", "active", Optional.empty(), Optional.empty());
    }

    /**
     * Looks up the credential status of a provider; the OAuth credential store plugs in here.
     */
    @FunctionalInterface
    public interface Source {
        /** Reports every configured provider as an API key that is active. */
        Source API_KEYS = provider -> apiKey();

        /** Returns the status of the configured provider's credential. */
        CredentialStatus status(dev.oauthrouter.providers.Provider provider);
    }
}
