package dev.oauthrouter.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

import dev.oauthrouter.credentials.CredentialErrors;
import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialKind;
import dev.oauthrouter.credentials.CredentialStatus;
import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.credentials.CredentialStoreException;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.credentials.TokenProvider;
import dev.oauthrouter.error.ApiException;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Keeps OAuth and client-credentials credentials valid: refreshes ahead of expiry (background scan
 * and on demand), one refresh at a time per credential in this process, and across routers on one
 * database through a claim on the row's version, so a refresh token is never redeemed twice.
 *
 * <p>Rules: a rotated refresh token is written to the database before the new access token is
 * served; when that write fails the new tokens stay in memory, are served, and the write is retried
 * by every scan (never falling back to the old token). Refreshes run on the manager's own threads,
 * so a caller that goes away (client disconnect, interrupt) never cancels one. Failures are
 * classified: permanent ones mark the credential {@code needs_relogin} and stop all token calls for
 * it; 429 waits for Retry-After; 5xx and network errors back off exponentially with jitter.
 */
public final class TokenManager implements TokenProvider, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(TokenManager.class.getName());

    private final CredentialStore store;
    private final TokenClient client;
    private final Clock clock;
    private final TokenManagerSettings settings;
    private final RandomGenerator random;
    private final String owner = "router-" + UUID.randomUUID();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final ExecutorService refreshers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("token-refresh-", 0).factory());
    private final AtomicLong redemptions = new AtomicLong();
    private final AtomicLong persistFailures = new AtomicLong();
    private volatile ScheduledExecutorService scanner;

    private TokenManager(CredentialStore store, TokenClient client, Clock clock,
                         TokenManagerSettings settings, RandomGenerator random) {
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.settings = settings;
        this.random = random;
    }

    /**
     * Creates a manager; call {@link #start()} to run the background scan.
     *
     * @param store    credential database
     * @param client   token endpoint client
     * @param clock    time source (tests inject a movable clock)
     * @param settings leads, intervals and backoff
     */
    public static TokenManager create(CredentialStore store, TokenClient client, Clock clock,
                                      TokenManagerSettings settings) {
        return new TokenManager(store, client, clock, settings, RandomGenerator.getDefault());
    }

    /** Starts the background scan at the configured interval. */
    public void start() {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("token-scan").factory());
        long period = Math.max(1, settings.scanInterval().toMillis());
        s.scheduleWithFixedDelay(this::scanSafely, period, period, TimeUnit.MILLISECONDS);
        scanner = s;
    }

    /** Stops the scan and the refresh threads. */
    @Override
    public void close() {
        ScheduledExecutorService s = scanner;
        if (s != null) {
            s.shutdownNow();
        }
        refreshers.shutdown();
    }

    /**
     * Returns a valid access token, refreshing first when it has expired (blocking). Inside the lead
     * window the current token is returned and a refresh starts in the background.
     *
     * @throws ApiException 401 when the credential needs a new login, 503 with Retry-After while the
     *                      token endpoint is failing and no valid token is left
     */
    @Override
    public String accessToken(String id) {
        Entry e = entry(id);
        StoredCredential c = usable(e);
        if (c.kind() == CredentialKind.API_KEY) {
            return c.secrets().apiKey();
        }
        Instant now = clock.instant();
        if (!c.needsRefresh(now, settings.lead(c.provider()))) {
            return c.secrets().accessToken();
        }
        if (!c.renewable()) {
            if (!c.expired(now)) {
                return c.secrets().accessToken();
            }
            throw CredentialErrors.needsRelogin(markPermanent(e, c, "access token expired and there is no"
                    + " refresh token"));
        }
        if (!c.expired(now)) {
            if (!now.isBefore(e.notBefore)) {
                refresh(e, Optional.empty());
            }
            return c.secrets().accessToken();
        }
        if (now.isBefore(e.notBefore)) {
            throw CredentialErrors.refreshFailed(c, e.notBeforeReason, Duration.between(now, e.notBefore));
        }
        return await(refresh(e, Optional.empty())).secrets().accessToken();
    }

    /**
     * Handles an upstream 401 on {@code rejected}, a token the clock says is valid: forces one refresh
     * (or adopts a newer token another caller or router already got).
     *
     * @return true when a different, fresh token is now current and one retry makes sense
     */
    @Override
    public boolean recoverFromUnauthorized(String id, String rejected) {
        Entry e = entry(id);
        StoredCredential c = e.current;
        if (c.status() != CredentialStatus.ACTIVE) {
            return false;
        }
        if (!c.secrets().accessToken().equals(rejected)) {
            return true;
        }
        if (!c.renewable()) {
            // nothing can renew it (e.g. a revoked GitHub token): stop using it until a new login
            markPermanent(e, c, "the upstream refused the token (HTTP 401) and it cannot be refreshed");
            return false;
        }
        if (clock.instant().isBefore(e.notBefore)) {
            return false;
        }
        try {
            StoredCredential next = await(refresh(e, Optional.of(rejected)));
            return !next.secrets().accessToken().equals(rejected);
        } catch (ApiException ex) {
            return false;
        }
    }

    /**
     * Marks a credential as refused for good (e.g. an API key the upstream answers 401 to).
     *
     * @param reason secret-free reason shown to the owner
     */
    @Override
    public void markNeedsRelogin(String id, String reason) {
        Entry e = entry(id);
        markPermanent(e, e.current, reason);
    }

    /** Returns the current state of a credential as this process sees it. */
    public StoredCredential current(String id) {
        return entry(id).current;
    }

    /** Returns the number of token redemptions this manager performed. */
    public long redemptions() {
        return redemptions.get();
    }

    /** Returns how many token writes failed (the alarm counter). */
    public long persistFailures() {
        return persistFailures.get();
    }

    /**
     * Returns the status of every stored credential, with this process's unsaved-token flag; never
     * a secret. This is what {@code credentials list} and {@code GET /admin/api/providers} show.
     */
    public List<CredentialInfo> status() {
        List<CredentialInfo> out = new ArrayList<>();
        Map<String, StoredCredential> stored = new LinkedHashMap<>();
        store.list().forEach(c -> stored.put(c.id(), c));
        for (StoredCredential c : stored.values()) {
            Entry e = entries.get(c.id());
            StoredCredential view = e != null && e.pendingWrite != null ? e.pendingWrite : c;
            CredentialInfo info = view.info();
            if (e != null && e.pendingWrite != null) {
                info = info.withPersistPending(true);
            }
            out.add(info);
        }
        return out;
    }

    /**
     * Runs one background pass: retries unsaved token writes, then starts a refresh for every
     * renewable credential inside its lead window.
     */
    public void scanOnce() {
        for (Entry e : entries.values()) {
            if (e.pendingWrite != null) {
                retryPendingWrite(e);
            }
        }
        Instant now = clock.instant();
        for (StoredCredential row : store.list()) {
            if (row.kind() == CredentialKind.API_KEY || row.status() != CredentialStatus.ACTIVE
                    || !row.renewable()) {
                continue;
            }
            Entry e = entries.computeIfAbsent(row.id(), k -> new Entry(row));
            if (e.pendingWrite == null && row.version() > e.current.version()) {
                e.current = row;
            }
            StoredCredential c = e.current;
            if (c.needsRefresh(now, settings.lead(c.provider())) && !now.isBefore(e.notBefore)) {
                LOGGER.log(DEBUG, () -> "[" + c.provider() + "/" + c.name() + "] proactive refresh");
                refresh(e, Optional.empty());
            }
        }
    }

    private void scanSafely() {
        try {
            scanOnce();
        } catch (RuntimeException ex) {
            LOGGER.log(WARNING, "credential scan failed: " + ex.getMessage());
        }
    }

    private Entry entry(String id) {
        Entry e = entries.get(id);
        if (e != null) {
            return e;
        }
        StoredCredential row = store.load(id).orElseThrow(() -> ApiException.unauthorized(
                "provider_credential_missing", "A provider credential was removed; run `bin/oauthrouter"
                        + " credentials list` and log in again."));
        Entry created = new Entry(row);
        Entry prior = entries.putIfAbsent(id, created);
        return prior != null ? prior : created;
    }

    private StoredCredential usable(Entry e) {
        StoredCredential c = e.current;
        if (c.status() != CredentialStatus.ACTIVE && e.pendingWrite == null) {
            Instant now = clock.instant();
            if (!now.isBefore(e.loadedAt.plus(settings.reloadInterval()))) {
                // a new login replaces the row in place; notice it without any token call
                e.loadedAt = now;
                store.load(c.id()).ifPresent(row -> e.current = row);
                c = e.current;
            }
        }
        return switch (c.status()) {
        case ACTIVE -> c;
        case NEEDS_RELOGIN -> throw CredentialErrors.needsRelogin(c);
        case DISABLED -> throw CredentialErrors.disabled(c);
        };
    }

    private CompletableFuture<StoredCredential> refresh(Entry e, Optional<String> rejected) {
        e.lock.lock();
        try {
            CompletableFuture<StoredCredential> running = e.inflight;
            if (running != null && !running.isDone()) {
                return running;
            }
            CompletableFuture<StoredCredential> f = CompletableFuture.supplyAsync(
                    () -> doRefresh(e, rejected), refreshers);
            f.whenComplete((r, ex) -> {
                Throwable cause = ex instanceof java.util.concurrent.CompletionException ce
                        ? ce.getCause() : ex;
                if (cause != null && !(cause instanceof ApiException)) {
                    // classified failures were logged where they happened; this one was not expected
                    LOGGER.log(WARNING, "[" + e.current.provider() + "/" + e.current.name()
                            + "] refresh failed: " + cause.getClass().getSimpleName() + ": "
                            + cause.getMessage());
                }
            });
            e.inflight = f;
            return f;
        } finally {
            e.lock.unlock();
        }
    }

    private StoredCredential await(CompletableFuture<StoredCredential> f) {
        try {
            // get() on a shared future: an interrupted caller leaves, the refresh carries on
            return f.get();
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("request_cancelled", "The request was cancelled.");
        } catch (ExecutionException ex) {
            if (ex.getCause() instanceof ApiException api) {
                throw api;
            }
            LOGGER.log(ERROR, "credential refresh failed unexpectedly", ex.getCause());
            throw ApiException.unavailable("provider_credential_refresh_failed",
                    "A provider credential could not be refreshed; retry later.");
        }
    }

    private StoredCredential doRefresh(Entry e, Optional<String> rejected) {
        if (e.pendingWrite != null) {
            retryPendingWrite(e);
        }
        StoredCredential base;
        long expected;
        boolean claimed = false;
        if (e.pendingWrite != null) {
            // our newest tokens exist only here: refresh from them, never from the stored (older) row
            base = e.pendingWrite;
            expected = e.pendingExpectedVersion;
            if (!needed(base, rejected)) {
                return base;
            }
        } else {
            StoredCredential row = reload(e);
            if (!needed(row, rejected)) {
                return row;
            }
            if (!row.renewable()) {
                throw CredentialErrors.needsRelogin(markPermanent(e, row, "access token expired and there is"
                        + " no refresh token"));
            }
            row = claimOrAdopt(e, row);
            if (!needed(row, rejected)) {
                return row;
            }
            base = row;
            expected = row.version();
            claimed = true;
        }
        return redeem(e, base, expected, claimed);
    }

    private boolean needed(StoredCredential c, Optional<String> rejected) {
        if (c.status() == CredentialStatus.NEEDS_RELOGIN) {
            throw CredentialErrors.needsRelogin(c);
        }
        if (c.status() == CredentialStatus.DISABLED) {
            throw CredentialErrors.disabled(c);
        }
        if (rejected.isPresent()) {
            return c.secrets().accessToken().equals(rejected.get());
        }
        return c.needsRefresh(clock.instant(), settings.lead(c.provider()));
    }

    private StoredCredential reload(Entry e) {
        StoredCredential row = store.load(e.current.id()).orElseThrow(() -> ApiException.unauthorized(
                "provider_credential_missing", "The " + e.current.provider() + " credential '"
                        + e.current.name() + "' was removed."));
        e.current = row;
        e.loadedAt = clock.instant();
        return row;
    }

    /** Claims the row, or waits for the router holding the claim and adopts what it stored. */
    private StoredCredential claimOrAdopt(Entry e, StoredCredential row) {
        long waitedMs = 0;
        long limitMs = settings.claimLease().toMillis() * 2;
        StoredCredential current = row;
        while (true) {
            Instant now = clock.instant();
            if (store.claim(current.id(), current.version(), owner, now, now.plus(settings.claimLease()))) {
                return current;
            }
            StoredCredential seen = current;
            LOGGER.log(DEBUG, () -> "[" + seen.provider() + "/" + seen.name()
                    + "] another router is refreshing; waiting for its result");
            sleep(settings.claimPoll());
            waitedMs += settings.claimPoll().toMillis();
            current = reload(e);
            if (current.version() != seen.version() || current.status() != CredentialStatus.ACTIVE) {
                return current;
            }
            if (waitedMs > limitMs) {
                throw CredentialErrors.refreshFailed(current, "another router holds the refresh",
                        settings.claimPoll());
            }
        }
    }

    private StoredCredential redeem(Entry e, StoredCredential base, long expected, boolean claimed) {
        Instant now = clock.instant();
        TokenResponse t;
        try {
            redemptions.incrementAndGet();
            t = client.token(URI.create(base.tokenUrl()), base.bodyFormat(), grant(base));
        } catch (TokenEndpointException ex) {
            return failed(e, base, claimed, ex);
        } catch (IllegalArgumentException ex) {
            return failed(e, base, claimed, new TokenEndpointException(TokenFailure.PERMANENT, 0,
                    "bad_token_url", null, "the token URL is not valid"));
        }
        e.failures = 0;
        e.notBefore = Instant.EPOCH;
        StoredCredential next = base.withTokens(t.accessToken(), t.refreshToken(), t.expiresAt(now), now);
        String oldRefresh = base.secrets().refreshToken();
        boolean rotated = !t.refreshToken().isEmpty() && !t.refreshToken().equals(oldRefresh);
        LOGGER.log(INFO, "[" + base.provider() + "/" + base.name() + "] token refreshed rotated=" + rotated
                + " expires_at=" + next.expiresAt().map(Instant::toString).orElse("unknown"));
        return persist(e, base, next, expected);
    }

    private Map<String, String> grant(StoredCredential c) {
        Map<String, String> p = new LinkedHashMap<>();
        if (c.kind() == CredentialKind.CLIENT_CREDENTIALS) {
            p.put("grant_type", "client_credentials");
        } else {
            p.put("grant_type", "refresh_token");
            p.put("refresh_token", c.secrets().refreshToken());
        }
        if (!c.clientId().isEmpty()) {
            p.put("client_id", c.clientId());
        }
        if (!c.secrets().clientSecret().isEmpty()) {
            p.put("client_secret", c.secrets().clientSecret());
        }
        if (c.kind() == CredentialKind.CLIENT_CREDENTIALS && !c.scope().isEmpty()) {
            p.put("scope", c.scope());
        }
        return p;
    }

    private StoredCredential failed(Entry e, StoredCredential base, boolean claimed,
            TokenEndpointException ex) {
        Instant now = clock.instant();
        String label = "[" + base.provider() + "/" + base.name() + "] ";
        switch (ex.failure()) {
        case PERMANENT -> {
            LOGGER.log(WARNING, label + "refresh refused for good (" + ex.getMessage() + "); "
                    + CredentialErrors.fix(base));
            StoredCredential dead = markPermanent(e, base, ex.getMessage());
            throw CredentialErrors.needsRelogin(dead);
        }
        case RATE_LIMITED -> {
            Duration wait = ex.retryAfter().orElseGet(() -> backoff(e));
            e.notBefore = now.plus(wait);
            e.notBeforeReason = "token endpoint rate limit";
            LOGGER.log(WARNING, label + "token endpoint rate limited; next attempt in "
                    + wait.toSeconds() + " s");
        }
        default -> {
            e.failures++;
            Duration wait = backoff(e);
            e.notBefore = now.plus(wait);
            e.notBeforeReason = ex.status() == 0 ? "token endpoint unreachable"
                    : "token endpoint HTTP " + ex.status();
            LOGGER.log(WARNING, label + "refresh failed (" + ex.getMessage() + "); attempt " + e.failures
                    + ", next in " + wait.toMillis() + " ms");
        }
        }
        if (claimed) {
            try {
                store.release(base.id(), owner, Optional.of(ex.getMessage()));
            } catch (CredentialStoreException se) {
                LOGGER.log(WARNING, label + "could not release the refresh claim: " + se.getMessage());
            }
        }
        throw CredentialErrors.refreshFailed(base, e.notBeforeReason, Duration.between(now, e.notBefore));
    }

    private Duration backoff(Entry e) {
        int n = Math.max(1, e.failures);
        long base = settings.backoffBase().toMillis();
        long max = settings.backoffMax().toMillis();
        long exp = n >= 31 ? max : Math.min(max, base << Math.min(30, n - 1));
        // full range jitter in [exp/2, exp] keeps routers that failed together from retrying together
        long jittered = exp / 2 + (exp > 1 ? random.nextLong(exp - exp / 2 + 1) : 0);
        return Duration.ofMillis(Math.max(1, jittered));
    }

    private StoredCredential markPermanent(Entry e, StoredCredential c, String reason) {
        StoredCredential dead = c.withStatus(CredentialStatus.NEEDS_RELOGIN, Optional.of(reason));
        e.current = dead;
        e.pendingWrite = null;
        e.loadedAt = clock.instant();
        try {
            StoredCredential row = store.load(c.id()).orElse(c);
            if (store.compareAndSet(dead.withVersion(row.version()), row.version())) {
                e.current = dead.withVersion(row.version() + 1);
            }
        } catch (CredentialStoreException ex) {
            LOGGER.log(WARNING, "[" + c.provider() + "/" + c.name() + "] could not record needs_relogin: "
                    + ex.getMessage());
        }
        return e.current;
    }

    private StoredCredential persist(Entry e, StoredCredential base, StoredCredential next, long expected) {
        String label = "[" + next.provider() + "/" + next.name() + "] ";
        try {
            if (store.compareAndSet(next, expected)) {
                StoredCredential saved = next.withVersion(expected + 1);
                e.current = saved;
                e.pendingWrite = null;
                return saved;
            }
        } catch (CredentialStoreException ex) {
            persistFailures.incrementAndGet();
            e.pendingWrite = next;
            e.pendingExpectedVersion = expected;
            e.current = next;
            LOGGER.log(ERROR, label + "new tokens could not be saved (" + ex.getMessage()
                    + "); serving them from memory and retrying the write on every scan");
            return next;
        }
        // the row moved on although we held the claim (it expired during a very slow redemption)
        StoredCredential row = reload(e);
        if (row.secrets().refreshToken().equals(base.secrets().refreshToken())
                && store.compareAndSet(next, row.version())) {
            StoredCredential saved = next.withVersion(row.version() + 1);
            e.current = saved;
            e.pendingWrite = null;
            return saved;
        }
        LOGGER.log(WARNING, label + "another router stored newer tokens during this refresh; adopting them");
        e.pendingWrite = null;
        return row;
    }

    private void retryPendingWrite(Entry e) {
        e.lock.lock();
        try {
            StoredCredential pending = e.pendingWrite;
            if (pending == null) {
                return;
            }
            try {
                if (store.compareAndSet(pending, e.pendingExpectedVersion)) {
                    e.current = pending.withVersion(e.pendingExpectedVersion + 1);
                    e.pendingWrite = null;
                    LOGGER.log(INFO, "[" + pending.provider() + "/" + pending.name() + "] unsaved tokens are"
                            + " now saved");
                    return;
                }
                StoredCredential row = store.load(pending.id()).orElse(pending);
                if (store.compareAndSet(pending, row.version())) {
                    e.current = pending.withVersion(row.version() + 1);
                    e.pendingWrite = null;
                }
            } catch (CredentialStoreException ex) {
                persistFailures.incrementAndGet();
                LOGGER.log(ERROR, "[" + pending.provider() + "/" + pending.name() + "] tokens still unsaved: "
                        + ex.getMessage());
            }
        } finally {
            e.lock.unlock();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("request_cancelled", "The refresh wait was interrupted.");
        }
    }

    private static final class Entry {
        private final ReentrantLock lock = new ReentrantLock();
        private volatile StoredCredential current;
        private volatile Instant loadedAt = Instant.EPOCH;
        private volatile CompletableFuture<StoredCredential> inflight;
        private volatile Instant notBefore = Instant.EPOCH;
        private volatile String notBeforeReason = "";
        private volatile int failures;
        private volatile StoredCredential pendingWrite;
        private volatile long pendingExpectedVersion;

        private Entry(StoredCredential current) {
            this.current = current;
        }
    }
}
