package dev.oauthrouter.oauth;

import java.time.Duration;
import java.util.Objects;

/**
 * Login and refresh endpoints of one provider, with the owner's own OAuth client registration.
 * Every URL is configurable so tests (and self-hosted identity providers) can point elsewhere.
 *
 * @param provider     provider name
 * @param authorizeUrl browser authorization endpoint (empty when the provider has none)
 * @param tokenUrl     token endpoint; for OpenRouter the key-exchange endpoint
 * @param deviceUrl    device authorization endpoint (empty when the provider has none)
 * @param clientId     the owner's OAuth client id (empty for OpenRouter, which needs none)
 * @param clientSecret the owner's client secret, for Google "Desktop app" clients (may be empty)
 * @param scope        space-separated scopes to request
 * @param refreshLead  refresh this long before expiry
 */
public record OAuthProviderConfig(String provider,
                                  String authorizeUrl,
                                  String tokenUrl,
                                  String deviceUrl,
                                  String clientId,
                                  String clientSecret,
                                  String scope,
                                  Duration refreshLead) {
    /** Google's documented authorization endpoint for installed apps. */
    public static final String GOOGLE_AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth";
    /** Google's token endpoint. */
    public static final String GOOGLE_TOKEN = "https://oauth2.googleapis.com/token";
    /** Scopes of Google's Gemini API OAuth quickstart. */
    public static final String GEMINI_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
            + " https://www.googleapis.com/auth/generative-language.retriever";

    /** Validates. */
    public OAuthProviderConfig {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(authorizeUrl, "authorizeUrl");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(deviceUrl, "deviceUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(clientSecret, "clientSecret");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(refreshLead, "refreshLead");
    }

    /** Returns OpenRouter's documented PKCE endpoints; no client registration is needed. */
    public static OAuthProviderConfig openrouter() {
        return new OAuthProviderConfig("openrouter", "https://openrouter.ai/auth",
                "https://openrouter.ai/api/v1/auth/keys", "", "", "", "", Duration.ZERO);
    }

    /**
     * Returns Google's endpoints for the Gemini API with the owner's own OAuth client (type
     * "Desktop app" in the Google Cloud console).
     */
    public static OAuthProviderConfig gemini(String clientId, String clientSecret) {
        return new OAuthProviderConfig("gemini", GOOGLE_AUTHORIZE, GOOGLE_TOKEN, "", clientId, clientSecret,
                GEMINI_SCOPE, Duration.ofMinutes(5));
    }

    /**
     * Returns GitHub's device-flow endpoints for the owner's own GitHub OAuth App (device flow
     * enabled in its settings); the token is used on GitHub Models.
     */
    public static OAuthProviderConfig github(String clientId) {
        return new OAuthProviderConfig("github", "", "https://github.com/login/oauth/access_token",
                "https://github.com/login/device/code", clientId, "", "", Duration.ofMinutes(5));
    }

    /** Returns a copy with other endpoints (tests, GitHub Enterprise, self-hosted identity providers). */
    public OAuthProviderConfig withUrls(String authorize, String token, String device) {
        return new OAuthProviderConfig(provider, authorize, token, device, clientId, clientSecret, scope,
                refreshLead);
    }

    /** Returns a copy with another scope. */
    public OAuthProviderConfig withScope(String newScope) {
        return new OAuthProviderConfig(provider, authorizeUrl, tokenUrl, deviceUrl, clientId, clientSecret,
                newScope, refreshLead);
    }

    /** Returns a description without the client secret. */
    @Override
    public String toString() {
        return "OAuthProviderConfig[" + provider + " token=" + tokenUrl + " clientId=" + clientId
                + " clientSecret=" + (clientSecret.isEmpty() ? "absent" : "present") + "]";
    }
}
