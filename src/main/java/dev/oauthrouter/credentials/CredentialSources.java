package dev.oauthrouter.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.oauthrouter.error.ApiException;

/**
 * Factories for credential sources of static API keys (from YAML).
 */
public final class CredentialSources {
    private CredentialSources() {
    }

    /**
     * Returns a source that always yields one static key, e.g. {@code apiKey("Authorization", "Bearer ",
     * key)}, {@code apiKey("x-api-key", "", key)} or {@code apiKey("x-goog-api-key", "", key)}.
     */
    public static CredentialSource apiKey(String headerName, String valuePrefix, String key) {
        Credential credential = new StaticKey(headerName, valuePrefix + key);
        return () -> credential;
    }

    /**
     * Returns a source that uses several static keys in turn; a key answered with 429 sits out until
     * its reset time.
     */
    public static CredentialSource apiKeys(String headerName, String valuePrefix, List<String> keys,
            Clock clock) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("at least one key is needed");
        }
        List<String> values = keys.stream().map(k -> valuePrefix + k).toList();
        AtomicReferenceArray<Instant> cooldowns = new AtomicReferenceArray<>(values.size());
        AtomicInteger next = new AtomicInteger();
        return () -> {
            Instant now = clock.instant();
            int start = Math.floorMod(next.getAndIncrement(), values.size());
            Instant earliest = null;
            for (int i = 0; i < values.size(); i++) {
                int idx = (start + i) % values.size();
                Instant until = cooldowns.get(idx);
                if (until != null && now.isBefore(until)) {
                    earliest = earliest == null || until.isBefore(earliest) ? until : earliest;
                    continue;
                }
                return new StaticKey(headerName, values.get(idx)) {
                    @Override
                    public void rateLimited(Duration retryAfter) {
                        cooldowns.set(idx, clock.instant().plus(retryAfter));
                    }
                };
            }
            long seconds = Math.max(1, (Duration.between(now, earliest).toMillis() + 999) / 1000);
            throw new ApiException(429, "rate_limit_error", "provider_credentials_rate_limited", null,
                    "Every configured key is rate limited; retry in " + seconds + " s.")
                    .header("Retry-After", Long.toString(seconds));
        };
    }

    private static class StaticKey implements Credential {
        private final String headerName;
        private final String headerValue;

        StaticKey(String headerName, String headerValue) {
            this.headerName = headerName;
            this.headerValue = headerValue;
        }

        @Override
        public String headerName() {
            return headerName;
        }

        @Override
        public String headerValue() {
            return headerValue;
        }

        @Override
        public String toString() {
            return "Credential[static " + headerName + "]";
        }
    }
}
