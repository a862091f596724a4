package dev.oauthrouter.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.StoreException;
import dev.oauthrouter.store.StoredToken;

/**
 * Authenticates router tokens from a small in-memory cache keyed by the secret's SHA-256.
 *
 * <p>Freshness: {@link #invalidate()} (called by local changes) empties the cache at once, and a
 * background virtual thread polls the shared {@code token_epoch} counter every {@code pollInterval}, so
 * a regenerate, revoke or plan change made by another router takes effect here within that interval.
 * Entries also expire after a minute as a safety net. Expiry dates are checked on every call.
 */
public final class CachedTokenAuthenticator implements TokenAuthenticator, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(CachedTokenAuthenticator.class.getName());
    private static final int MAX_ENTRIES = 10_000;
    private static final long MAX_AGE_NANOS = Duration.ofMinutes(1).toNanos();

    private final JdbcTokenStore store;
    private final Clock clock;
    private final Duration pollInterval;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();
    private final AtomicLong generation = new AtomicLong();
    private final Thread poller;
    private volatile boolean closed;
    private long lastEpoch = -1;

    /**
     * Creates the authenticator and starts its epoch poller.
     *
     * @param store        token store
     * @param clock        clock for expiry checks
     * @param pollInterval how often to look for changes made by other routers (e.g. 250 ms)
     */
    public CachedTokenAuthenticator(JdbcTokenStore store, Clock clock, Duration pollInterval) {
        this.store = store;
        this.clock = clock;
        this.pollInterval = pollInterval;
        this.poller = Thread.ofVirtual().name("token-epoch-poller").start(this::poll);
    }

    @Override
    public Optional<TokenPrincipal> authenticate(String secret) {
        if (!TokenSecrets.plausible(secret)) {
            return Optional.empty();
        }
        String hash = TokenSecrets.hash(secret);
        Entry entry = cache.get(hash);
        if (entry == null || System.nanoTime() - entry.loadedAt > MAX_AGE_NANOS) {
            entry = load(hash);
        }
        Optional<StoredToken> token = entry.token;
        if (token.isEmpty()
                || !MessageDigest.isEqual(hash.getBytes(StandardCharsets.US_ASCII),
                        token.get().secretHash().getBytes(StandardCharsets.US_ASCII))
                || !token.get().activeAt(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(entry.principal);
    }

    /** Drops every cached token; the next call per token reads the database again. */
    public void invalidate() {
        generation.incrementAndGet();
        cache.clear();
    }

    private Entry load(String hash) {
        long gen = generation.get();
        Optional<StoredToken> token;
        try {
            token = store.byHash(hash);
        } catch (StoreException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Token lookup failed: " + e.getMessage());
            throw ApiException.unavailable("store_unavailable",
                    "The token store is unavailable; try again shortly");
        }
        TokenPrincipal principal = token
                .map(t -> new TokenPrincipal(t.id(), t.name(), t.plan(), t.models()))
                .orElse(null);
        Entry entry = new Entry(token, principal, System.nanoTime());
        if (token.isPresent() || cache.size() < MAX_ENTRIES) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(hash, entry);
            if (generation.get() != gen) {
                // a change raced with this load; do not keep what may be stale
                cache.remove(hash, entry);
            }
        }
        return entry;
    }

    private void poll() {
        boolean failing = false;
        while (!closed) {
            try {
                long epoch = store.epoch();
                if (epoch != lastEpoch) {
                    if (lastEpoch >= 0) {
                        invalidate();
                    }
                    lastEpoch = epoch;
                }
                if (failing) {
                    LOGGER.log(System.Logger.Level.INFO, "Token epoch poll recovered");
                    failing = false;
                }
            } catch (StoreException e) {
                if (!failing) {
                    LOGGER.log(System.Logger.Level.WARNING, "Token epoch poll failed: " + e.getMessage());
                    failing = true;
                }
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Token epoch poll failed", e);
            }
            try {
                Thread.sleep(pollInterval);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops the poller. */
    @Override
    public void close() {
        closed = true;
        poller.interrupt();
    }

    private record Entry(Optional<StoredToken> token, TokenPrincipal principal, long loadedAt) {
    }
}
