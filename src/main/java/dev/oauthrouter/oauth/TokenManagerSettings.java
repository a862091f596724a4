package dev.oauthrouter.oauth;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Tuning of the {@link TokenManager}.
 *
 * @param defaultLead     refresh this long before expiry unless the provider has its own lead
 * @param leadByProvider  per-provider refresh lead, e.g. {@code gemini -> PT5M}
 * @param scanInterval    period of the background scan (proactive refresh, retry of unsaved tokens)
 * @param claimLease      how long a router's claim to redeem a refresh token lasts; longer than the
 *                        token request timeout so a slow redemption is never redeemed twice
 * @param claimPoll       how often a router waiting for another router's refresh re-reads the row
 * @param backoffBase     first wait after a transient token endpoint failure
 * @param backoffMax      longest wait between attempts after transient failures
 * @param reloadInterval  how often an unusable credential is re-read, to notice a new login
 */
public record TokenManagerSettings(Duration defaultLead,
                                   Map<String, Duration> leadByProvider,
                                   Duration scanInterval,
                                   Duration claimLease,
                                   Duration claimPoll,
                                   Duration backoffBase,
                                   Duration backoffMax,
                                   Duration reloadInterval) {
    /** Validates and copies. */
    public TokenManagerSettings {
        Objects.requireNonNull(defaultLead, "defaultLead");
        leadByProvider = Map.copyOf(leadByProvider);
        Objects.requireNonNull(scanInterval, "scanInterval");
        Objects.requireNonNull(claimLease, "claimLease");
        Objects.requireNonNull(claimPoll, "claimPoll");
        Objects.requireNonNull(backoffBase, "backoffBase");
        Objects.requireNonNull(backoffMax, "backoffMax");
        Objects.requireNonNull(reloadInterval, "reloadInterval");
        if (claimLease.isNegative() || claimLease.isZero()) {
            throw new IllegalArgumentException("claimLease must be positive");
        }
    }

    /** Returns the defaults: 5 min lead, 15 s scan, 2 min claim, 5 s to 5 min backoff. */
    public static TokenManagerSettings defaults() {
        return new TokenManagerSettings(Duration.ofMinutes(5), Map.of(), Duration.ofSeconds(15),
                Duration.ofMinutes(2), Duration.ofMillis(250), Duration.ofSeconds(5), Duration.ofMinutes(5),
                Duration.ofSeconds(10));
    }

    /** Returns a copy with per-provider leads. */
    public TokenManagerSettings withLeads(Map<String, Duration> leads) {
        return new TokenManagerSettings(defaultLead, leads, scanInterval, claimLease, claimPoll, backoffBase,
                backoffMax, reloadInterval);
    }

    /** Returns the refresh lead for a provider. */
    public Duration lead(String provider) {
        return leadByProvider.getOrDefault(provider, defaultLead);
    }
}
