package dev.oauthrouter.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialStatus;
import dev.oauthrouter.providers.Provider;

/**
 * What the Providers page shows about a provider's credentials, summed up over its pool.
 *
 * @param kind         {@code api_key}, {@code oauth} or {@code client_credentials}
 * @param status       {@code active}, {@code expiring}, {@code needs_relogin} or {@code cooling_down}
 * @param coolingUntil end of a cool-down after upstream 429s, if cooling down
 * @param lastError    the last credential error (never containing a secret), if any
 */
public record CredentialSummary(String kind, String status, Optional<Instant> coolingUntil,
                                Optional<String> lastError) {
    /** An access token that cannot be refreshed counts as expiring this long before its expiry. */
    public static final Duration EXPIRING_WITHIN = Duration.ofDays(1);

    /** Returns the summary of a configured API key, which is always usable. */
    public static CredentialSummary apiKey() {
        return new CredentialSummary("api_key", "active", Optional.empty(), Optional.empty());
    }

    /**
     * Sums up a provider's stored credentials: {@code active} when one is usable now,
     * {@code expiring} when every usable one is an access token that cannot be refreshed and expires
     * within {@link #EXPIRING_WITHIN}, {@code cooling_down} (until the earliest end) when all usable ones
     * sit out a 429, else {@code needs_relogin}.
     *
     * @param credentials the provider's stored credentials, not empty
     * @param now         the current time
     */
    public static CredentialSummary of(List<CredentialInfo> credentials, Instant now) {
        List<CredentialInfo> active = credentials.stream().filter(c -> c.status() == CredentialStatus.ACTIVE)
                .toList();
        List<CredentialInfo> usable = active.stream().filter(c -> !c.coolingDown(now)).toList();
        CredentialInfo lead = (usable.isEmpty() ? active.isEmpty() ? credentials : active : usable).get(0);
        Optional<String> lastError = credentials.stream().map(CredentialInfo::lastError)
                .flatMap(Optional::stream).findFirst();
        String kind = lead.kind().wire();
        if (!usable.isEmpty()) {
            boolean expiring = usable.stream().allMatch(c -> !c.refreshable() && c.expiresAt()
                    .map(at -> at.isBefore(now.plus(EXPIRING_WITHIN))).orElse(false));
            return new CredentialSummary(kind, expiring ? "expiring" : "active", Optional.empty(), lastError);
        }
        if (!active.isEmpty()) {
            Optional<Instant> until = active.stream().map(CredentialInfo::cooldownUntil)
                    .flatMap(Optional::stream).min(Comparator.naturalOrder());
            return new CredentialSummary(kind, "cooling_down", until, lastError);
        }
        return new CredentialSummary(kind, "needs_relogin", Optional.empty(), lastError);
    }

    /**
     * Looks up the credential summary of a provider.
     */
    @FunctionalInterface
    public interface Source {
        /** Reports every configured provider as an API key that is active. */
        Source API_KEYS = provider -> apiKey();

        /** Returns the summary of the configured provider's credentials. */
        CredentialSummary summary(Provider provider);

        /**
         * Returns a source that sums up stored (OAuth, client credentials, API key) credentials per
         * provider, and reports providers without stored credentials as a configured API key.
         *
         * @param status secret-free status of every stored credential, e.g. {@code OAuthRuntime::status}
         * @param clock  clock for expiry and cool-downs
         */
        static Source stored(Supplier<List<CredentialInfo>> status, Clock clock) {
            return provider -> {
                List<CredentialInfo> mine = status.get().stream()
                        .filter(c -> c.provider().equals(provider.name())).toList();
                return mine.isEmpty() ? apiKey() : of(mine, clock.instant());
            };
        }
    }
}
