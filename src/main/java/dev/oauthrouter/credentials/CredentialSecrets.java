package dev.oauthrouter.credentials;

import java.util.Objects;

/**
 * The secret parts of a stored credential; sealed as one blob at rest. An empty string means "absent".
 *
 * @param accessToken  OAuth access token
 * @param refreshToken OAuth refresh token
 * @param clientSecret OAuth client secret (installed-app or client-credentials clients)
 * @param apiKey       static API key
 */
public record CredentialSecrets(String accessToken, String refreshToken, String clientSecret, String apiKey) {
    /** No secrets at all. */
    public static final CredentialSecrets NONE = new CredentialSecrets("", "", "", "");

    /** Validates that no part is null. */
    public CredentialSecrets {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(apiKey, "apiKey");
    }

    /** Returns secrets holding only an API key. */
    public static CredentialSecrets ofApiKey(String apiKey) {
        return new CredentialSecrets("", "", "", apiKey);
    }

    /** Returns a copy with new tokens; the refresh token is kept when the new one is empty. */
    public CredentialSecrets withTokens(String access, String refresh) {
        return new CredentialSecrets(access, refresh.isEmpty() ? refreshToken : refresh, clientSecret,
                apiKey);
    }

    /** Returns true when a refresh token is present. */
    public boolean hasRefreshToken() {
        return !refreshToken.isEmpty();
    }

    /** Returns a description that names which parts are present, never their values. */
    @Override
    public String toString() {
        return "CredentialSecrets[access=" + present(accessToken) + ", refresh=" + present(refreshToken)
                + ", clientSecret=" + present(clientSecret) + ", apiKey=" + present(apiKey) + "]";
    }

    private static String present(String s) {
        return s.isEmpty() ? "absent" : "present";
    }
}
