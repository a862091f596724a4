package dev.oauthrouter.credentials;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.oauthrouter.error.ApiException;

/**
 * The stored credentials of one provider, used in turn.
 *
 * <p>Each {@link #acquire()} starts at the next credential (round robin) and skips those cooling
 * down after a 429 and those that need a new login. OAuth credentials get their token from the
 * {@link TokenProvider} (which refreshes it); API keys go out in the provider's header style. The
 * list is re-read from the store every {@code reloadInterval}, so a new login or another router's
 * cooldown is seen without a restart.
 */
public final class CredentialPool implements CredentialSource {
    private static final Duration REFUSED_AFTER_REFRESH_COOLDOWN = Duration.ofMinutes(1);

    private final String provider;
    private final List<String> names;
    private final CredentialStore store;
    private final TokenProvider tokens;
    private final ApiKeyStyle keyStyle;
    private final Clock clock;
    private final Duration reloadInterval;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, Instant> cooldowns = new ConcurrentHashMap<>();
    private volatile List<StoredCredential> members = List.of();
    private volatile Instant loadedAt = Instant.EPOCH;

    private CredentialPool(String provider, List<String> names, CredentialStore store, TokenProvider tokens,
                           ApiKeyStyle keyStyle, Clock clock, Duration reloadInterval) {
        this.provider = provider;
        this.names = List.copyOf(names);
        this.store = store;
        this.tokens = tokens;
        this.keyStyle = keyStyle;
        this.clock = clock;
        this.reloadInterval = reloadInterval;
    }

    /**
     * Creates a pool.
     *
     * @param provider       provider name
     * @param names          credential names from the config, in order; empty means every stored
     *                       credential of the provider
     * @param store          credential database
     * @param tokens         token source for OAuth kinds (the token manager)
     * @param keyStyle       how the provider wants a stored API key sent (OAuth tokens always go as
     *                       {@code Authorization: Bearer})
     * @param clock          time source
     * @param reloadInterval how often the member list is re-read
     */
    public static CredentialPool create(String provider, List<String> names, CredentialStore store,
                                        TokenProvider tokens, ApiKeyStyle keyStyle, Clock clock,
                                        Duration reloadInterval) {
        return new CredentialPool(provider, names, store, tokens, keyStyle, clock, reloadInterval);
    }

    @Override
    public Credential acquire() {
        List<StoredCredential> list = members();
        if (list.isEmpty()) {
            throw ApiException.unauthorized("provider_credential_missing",
                    "No credential is stored for provider '"
                    + provider + "'. Fix: run `bin/oauthrouter login " + provider + "` or `bin/oauthrouter"
                    + " credentials add " + provider + " ...`.");
        }
        Instant now = clock.instant();
        int start = Math.floorMod(next.getAndIncrement(), list.size());
        Instant earliest = null;
        ApiException relogin = null;
        ApiException unavailable = null;
        for (int i = 0; i < list.size(); i++) {
            StoredCredential c = list.get((start + i) % list.size());
            Instant until = cooldownUntil(c);
            if (until != null && now.isBefore(until)) {
                earliest = earliest == null || until.isBefore(earliest) ? until : earliest;
                continue;
            }
            try {
                return credential(c);
            } catch (ApiException ex) {
                if (ex.status() == 401) {
                    relogin = relogin == null ? ex : relogin;
                } else {
                    unavailable = unavailable == null ? ex : unavailable;
                }
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        if (earliest != null) {
            long seconds = Math.max(1, (Duration.between(now, earliest).toMillis() + 999) / 1000);
            throw new ApiException(429, "rate_limit_error", "provider_credentials_rate_limited", null,
                    "Every usable " + provider + " credential is rate limited; retry in " + seconds + " s.")
                    .header("Retry-After", Long.toString(seconds));
        }
        throw relogin;
    }

    private Credential credential(StoredCredential c) {
        if (c.kind() == CredentialKind.API_KEY) {
            if (c.status() == CredentialStatus.NEEDS_RELOGIN) {
                throw CredentialErrors.needsRelogin(c);
            }
            if (c.status() == CredentialStatus.DISABLED) {
                throw CredentialErrors.disabled(c);
            }
            return new StoredKey(c);
        }
        return new OAuthToken(c, tokens.accessToken(c.id()));
    }

    private Instant cooldownUntil(StoredCredential c) {
        Instant mem = cooldowns.get(c.id());
        Instant stored = c.cooldownUntil().orElse(null);
        if (mem == null) {
            return stored;
        }
        return stored == null || mem.isAfter(stored) ? mem : stored;
    }

    private void coolDown(StoredCredential c, Duration wait, String reason) {
        Instant until = clock.instant().plus(wait);
        cooldowns.merge(c.id(), until, (a, b) -> a.isAfter(b) ? a : b);
        try {
            store.cooldown(c.id(), until, reason);
        } catch (CredentialStoreException ex) {
            // the in-memory cooldown still applies in this router
            System.getLogger(CredentialPool.class.getName()).log(System.Logger.Level.WARNING,
                    "[" + provider + "/" + c.name() + "] cooldown not saved: " + ex.getMessage());
        }
    }

    private List<StoredCredential> members() {
        Instant now = clock.instant();
        if (now.isBefore(loadedAt.plus(reloadInterval)) && !members.isEmpty()) {
            return members;
        }
        List<StoredCredential> all = store.list(provider);
        List<StoredCredential> chosen = new ArrayList<>();
        if (names.isEmpty()) {
            chosen.addAll(all);
        } else {
            for (String n : names) {
                all.stream().filter(c -> c.name().equals(n)).findFirst().ifPresent(chosen::add);
            }
        }
        members = List.copyOf(chosen);
        loadedAt = now;
        return members;
    }

    /**
     * How a provider wants an API key sent.
     *
     * @param headerName  header, e.g. {@code Authorization}, {@code x-api-key}, {@code x-goog-api-key}
     * @param valuePrefix prefix before the key, e.g. {@code "Bearer "}, or empty
     */
    public record ApiKeyStyle(String headerName, String valuePrefix) {
        /** {@code Authorization: Bearer KEY}. */
        public static final ApiKeyStyle BEARER = new ApiKeyStyle("Authorization", "Bearer ");

        /** Validates. */
        public ApiKeyStyle {
            Objects.requireNonNull(headerName, "headerName");
            Objects.requireNonNull(valuePrefix, "valuePrefix");
        }
    }

    private final class StoredKey implements Credential {
        private final StoredCredential c;

        private StoredKey(StoredCredential c) {
            this.c = c;
        }

        @Override
        public String headerName() {
            return keyStyle.headerName();
        }

        @Override
        public String headerValue() {
            return keyStyle.valuePrefix() + c.secrets().apiKey();
        }

        @Override
        public void rateLimited(Duration retryAfter) {
            coolDown(c, retryAfter, "upstream rate limit (HTTP 429)");
        }

        @Override
        public boolean unauthorized() {
            tokens.markNeedsRelogin(c.id(), "the upstream refused the key (HTTP 401)");
            loadedAt = Instant.EPOCH;
            return false;
        }

        @Override
        public String toString() {
            return "Credential[" + provider + "/" + c.name() + " api_key]";
        }
    }

    private final class OAuthToken implements Credential {
        private final StoredCredential c;
        private volatile String token;
        private volatile boolean retried;

        private OAuthToken(StoredCredential c, String token) {
            this.c = c;
            this.token = token;
        }

        @Override
        public String headerName() {
            return "Authorization";
        }

        @Override
        public String headerValue() {
            return "Bearer " + token;
        }

        @Override
        public void rateLimited(Duration retryAfter) {
            coolDown(c, retryAfter, "upstream rate limit (HTTP 429)");
        }

        @Override
        public boolean unauthorized() {
            if (retried) {
                coolDown(c, REFUSED_AFTER_REFRESH_COOLDOWN, "the upstream refused a freshly refreshed token"
                        + " (HTTP 401)");
                return false;
            }
            retried = true;
            if (!tokens.recoverFromUnauthorized(c.id(), token)) {
                return false;
            }
            try {
                token = tokens.accessToken(c.id());
                return true;
            } catch (ApiException ex) {
                return false;
            }
        }

        @Override
        public String toString() {
            return "Credential[" + provider + "/" + c.name() + " " + c.kind().wire() + "]";
        }
    }
}
