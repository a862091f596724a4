package dev.oauthrouter.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A provider credential as kept in the database: identity, kind, state, the knobs needed to refresh
 * it (token URL, client id, scope, body format) and its sealed secrets.
 *
 * <p>The provider-specific knobs live in the credential, filled from the provider's defaults at
 * login, so tests point a credential at a fake server and a provider's changed token host is a data
 * change. {@link #toString()} never prints a secret.
 *
 * @param id            stable random id
 * @param provider      provider name, e.g. {@code gemini}
 * @param name          owner-chosen name, unique per provider, e.g. {@code work}
 * @param kind          what it holds
 * @param status        whether it may be used
 * @param version       optimistic-lock counter, bumped by every token write
 * @param secrets       the secret parts
 * @param tokenUrl      token endpoint (empty for API keys)
 * @param clientId      OAuth client id (may be empty)
 * @param scope         space-separated scopes (may be empty)
 * @param bodyFormat    token request body format
 * @param attributes    non-secret extras (e.g. {@code quota_project_id}, {@code login})
 * @param expiresAt     access token expiry, empty when unknown or non-expiring
 * @param lastRefresh   last successful token fetch
 * @param lastError     last failure, human readable and secret-free
 * @param cooldownUntil not to be used before this time (upstream 429)
 */
public record StoredCredential(String id,
                               String provider,
                               String name,
                               CredentialKind kind,
                               CredentialStatus status,
                               long version,
                               CredentialSecrets secrets,
                               String tokenUrl,
                               String clientId,
                               String scope,
                               BodyFormat bodyFormat,
                               Map<String, String> attributes,
                               Optional<Instant> expiresAt,
                               Optional<Instant> lastRefresh,
                               Optional<String> lastError,
                               Optional<Instant> cooldownUntil) {
    /** Validates and copies. */
    public StoredCredential {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(secrets, "secrets");
        Objects.requireNonNull(tokenUrl, "tokenUrl");
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(bodyFormat, "bodyFormat");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(lastRefresh, "lastRefresh");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(cooldownUntil, "cooldownUntil");
    }

    /** Returns a new API key credential. */
    public static StoredCredential apiKey(String provider, String name, String key) {
        return new StoredCredential(newId(), provider, name, CredentialKind.API_KEY,
                CredentialStatus.ACTIVE, 0,
                CredentialSecrets.ofApiKey(key), "", "", "", BodyFormat.FORM, Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Returns a new OAuth credential.
     *
     * @param expiresAt access token expiry; empty when unknown (then it is used until a 401)
     */
    public static StoredCredential oauth(String provider, String name, CredentialSecrets secrets,
            String tokenUrl,
                                         String clientId, String scope, BodyFormat format,
                                         Optional<Instant> expiresAt, Map<String, String> attributes) {
        return new StoredCredential(newId(), provider, name, CredentialKind.OAUTH, CredentialStatus.ACTIVE, 0,
                secrets, tokenUrl, clientId, scope, format, attributes, expiresAt, Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** Returns a new client-credentials credential; its first use fetches a token. */
    public static StoredCredential clientCredentials(String provider, String name, String tokenUrl,
                                                     String clientId, String clientSecret, String scope,
                                                     BodyFormat format) {
        return new StoredCredential(newId(), provider, name, CredentialKind.CLIENT_CREDENTIALS,
                CredentialStatus.ACTIVE, 0, new CredentialSecrets("", "", clientSecret, ""), tokenUrl,
                        clientId,
                scope, format, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty());
    }

    /** Returns a fresh random id. */
    public static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Returns true when a token fetch can renew this credential without the owner. */
    public boolean renewable() {
        return kind == CredentialKind.CLIENT_CREDENTIALS
                || kind == CredentialKind.OAUTH && secrets.hasRefreshToken() && !tokenUrl.isEmpty();
    }

    /**
     * Returns true when the access token is missing or expires within {@code lead} of {@code now}.
     * API keys never need a refresh.
     */
    public boolean needsRefresh(Instant now, Duration lead) {
        if (kind == CredentialKind.API_KEY) {
            return false;
        }
        if (secrets.accessToken().isEmpty()) {
            return true;
        }
        return expiresAt.map(e -> !now.isBefore(e.minus(lead))).orElse(false);
    }

    /** Returns true when the access token is missing or past its expiry. */
    public boolean expired(Instant now) {
        return needsRefresh(now, Duration.ZERO);
    }

    /** Returns a copy after a successful token fetch: status active, error cleared, version unchanged. */
    public StoredCredential withTokens(String access, String refresh, Optional<Instant> expiry, Instant now) {
        return new StoredCredential(id, provider, name, kind, CredentialStatus.ACTIVE, version,
                secrets.withTokens(access, refresh), tokenUrl, clientId, scope, bodyFormat, attributes,
                        expiry,
                Optional.of(now), Optional.empty(), cooldownUntil);
    }

    /** Returns a copy with a new status and last error. */
    public StoredCredential withStatus(CredentialStatus newStatus, Optional<String> error) {
        return new StoredCredential(id, provider, name, kind, newStatus, version, secrets, tokenUrl, clientId,
                scope, bodyFormat, attributes, expiresAt, lastRefresh, error, cooldownUntil);
    }

    /** Returns a copy with another version. */
    public StoredCredential withVersion(long newVersion) {
        return new StoredCredential(id, provider, name, kind, status, newVersion, secrets, tokenUrl, clientId,
                scope, bodyFormat, attributes, expiresAt, lastRefresh, lastError, cooldownUntil);
    }

    /** Returns a copy with another id, keeping everything else (used to replace a credential in place). */
    public StoredCredential withId(String newId) {
        return new StoredCredential(newId, provider, name, kind, status, version, secrets, tokenUrl, clientId,
                scope, bodyFormat, attributes, expiresAt, lastRefresh, lastError, cooldownUntil);
    }

    /** Returns the secret-free view of this credential. */
    public CredentialInfo info() {
        return new CredentialInfo(id, provider, name, kind, status, expiresAt, lastRefresh, lastError,
                cooldownUntil, secrets.hasRefreshToken(), false);
    }

    /** Returns a description without secrets. */
    @Override
    public String toString() {
        return "StoredCredential[" + provider + "/" + name + " id=" + id + " kind=" + kind.wire()
                + " status=" + status.wire() + " version=" + version + " " + secrets + "]";
    }
}
