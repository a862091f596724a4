package dev.oauthrouter.credentials;

import java.time.Duration;

import dev.oauthrouter.error.ApiException;

/**
 * The client-facing errors about provider credentials, each naming the fix.
 */
public final class CredentialErrors {
    private CredentialErrors() {
    }

    /** Returns the 401 for a credential the provider refused for good. */
    public static ApiException needsRelogin(StoredCredential c) {
        String why = c.lastError().map(e -> " (" + e + ")").orElse("");
        return ApiException.unauthorized("provider_credential_needs_login", "The " + c.provider()
                + " credential '" + c.name() + "' needs a new login" + why + ". Fix: " + fix(c) + ".");
    }

    /** Returns the command that renews a credential. */
    public static String fix(StoredCredential c) {
        if (c.kind() == CredentialKind.OAUTH && loginProvider(c.provider())) {
            return "run `bin/oauthrouter login " + c.provider() + " --name " + c.name() + "`";
        }
        if (c.kind() == CredentialKind.API_KEY && c.provider().equals("openrouter")) {
            return "run `bin/oauthrouter login openrouter --name " + c.name() + "`";
        }
        return "run `bin/oauthrouter credentials add " + c.provider() + " --name " + c.name() + " ...`"
                + " with new values";
    }

    /** Returns the 503 for a credential whose token could not be fetched right now. */
    public static ApiException refreshFailed(StoredCredential c, String reason, Duration retryIn) {
        long seconds = Math.max(1, (retryIn.toMillis() + 999) / 1000);
        return ApiException.unavailable("provider_credential_refresh_failed", "The " + c.provider()
                        + " credential '" + c.name() + "' could not be refreshed (" + reason + "); retry in "
                        + seconds + " s.")
                .header("Retry-After", Long.toString(seconds));
    }

    /** Returns the 401 for a credential that was switched off. */
    public static ApiException disabled(StoredCredential c) {
        return ApiException.unauthorized("provider_credential_disabled", "The " + c.provider()
                + " credential '"
                + c.name() + "' is disabled.");
    }

    private static boolean loginProvider(String provider) {
        return provider.equals("gemini") || provider.equals("github");
    }
}
