package dev.oauthrouter.oauth;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialSecrets;
import dev.oauthrouter.credentials.CredentialStatus;
import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.credentials.CredentialStoreException;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.testing.FakeAuthServer;
import dev.oauthrouter.testing.MutableClock;
import dev.oauthrouter.testing.TestCipher;
import dev.oauthrouter.testing.TestDatabases;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenManagerTest {
    static final TokenManagerSettings SETTINGS = new TokenManagerSettings(Duration.ofMinutes(5), Map.of(),
            Duration.ofHours(1), Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(1),
            Duration.ofSeconds(8), Duration.ofSeconds(1));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private FakeAuthServer fake;
    private HikariDataSource db;
    private FlakyStore store;
    private TokenManager manager;

    @BeforeEach
    void setUp() {
        fake = FakeAuthServer.start("tm").client("google-client", "google-secret").client("svc",
                "svc-secret");
        db = TestDatabases.h2();
        store = new FlakyStore(JdbcCredentialStore.create(db, new TestCipher(), clock));
        manager = newManager(store);
    }

    @AfterEach
    void tearDown() {
        manager.close();
        fake.close();
        db.close();
    }

    private TokenManager newManager(CredentialStore s) {
        return TokenManager.create(s, TokenClient.create(Duration.ofSeconds(5), clock), clock, SETTINGS);
    }

    private StoredCredential oauth(String[] family, Instant expiry) {
        return store.save(StoredCredential.oauth("gemini", "work",
                new CredentialSecrets(family[0], family[1], "google-secret", ""), fake.base() + "/token",
                "google-client", "", BodyFormat.FORM, Optional.of(expiry), Map.of()));
    }

    @Test
    void valid_token_is_served_without_any_token_call() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().plus(Duration.ofHours(1)));

        assertThat(manager.accessToken(c.id())).isEqualTo(family[0]);
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void proactive_refresh_fires_at_expiry_minus_lead_and_not_before() throws Exception {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().plus(Duration.ofMinutes(10)));

        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        manager.scanOnce();
        assertThat(manager.accessToken(c.id())).isEqualTo(family[0]);
        assertThat(fake.tokenRequests()).isZero();

        clock.advance(Duration.ofSeconds(1));
        manager.scanOnce();
        String fresh = awaitNewToken(c.id(), family[0]);
        assertThat(fake.accepts(fresh)).isTrue();
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
        assertThat(store.load(c.id()).orElseThrow().secrets().refreshToken())
                .isEqualTo(fake.currentRefresh(family[1]));
    }

    @Test
    void hundred_concurrent_callers_on_an_expired_credential_cause_exactly_one_redemption() throws Exception {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));
        fake.hold();
        Set<String> tokens = ConcurrentHashMap.newKeySet();
        AtomicInteger served = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch started = new CountDownLatch(100);
        for (int i = 0; i < 100; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                started.countDown();
                tokens.add(manager.accessToken(c.id()));
                served.incrementAndGet();
            }));
        }
        started.await();
        fake.awaitArrival();
        Thread.sleep(200);
        fake.release();
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(fake.refreshRedemptions()).isEqualTo(1);
        assertThat(served).hasValue(100);
        assertThat(tokens).hasSize(1);
        assertThat(fake.accepts(tokens.iterator().next())).isTrue();
    }

    @Test
    void cancelled_caller_does_not_cancel_the_refresh_which_completes_and_persists() throws Exception {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));
        fake.hold();
        AtomicReference<Throwable> callerError = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                manager.accessToken(c.id());
            } catch (ApiException e) {
                callerError.set(e);
            }
        });
        fake.awaitArrival();
        caller.interrupt();
        caller.join(5000);
        assertThat(callerError.get()).isInstanceOf(ApiException.class);

        fake.release();
        String fresh = awaitNewToken(c.id(), family[0]);
        StoredCredential row = store.load(c.id()).orElseThrow();
        assertThat(row.secrets().accessToken()).isEqualTo(fresh);
        assertThat(row.secrets().refreshToken()).isEqualTo(fake.currentRefresh(family[1]));
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
    }

    @Test
    void store_write_failure_keeps_new_tokens_in_memory_retries_and_never_reverts() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));
        store.failWrites.set(true);

        String first = manager.accessToken(c.id());
        assertThat(fake.accepts(first)).isTrue();
        assertThat(manager.persistFailures()).isPositive();
        assertThat(manager.status()).singleElement().satisfies(i -> assertThat(i.persistPending()).isTrue());
        assertThat(store.load(c.id()).orElseThrow().secrets().refreshToken()).isEqualTo(family[1]);
        manager.scanOnce();
        assertThat(manager.accessToken(c.id())).isEqualTo(first);

        // still failing when the new token expires: refresh from the in-memory rotated token, not the
        // stored one
        clock.advance(Duration.ofHours(1));
        String second = manager.accessToken(c.id());
        assertThat(second).isNotEqualTo(first);
        assertThat(fake.revoked(family[1])).isFalse();

        store.failWrites.set(false);
        manager.scanOnce();
        StoredCredential row = store.load(c.id()).orElseThrow();
        assertThat(row.secrets().accessToken()).isEqualTo(second);
        assertThat(row.secrets().refreshToken()).isEqualTo(fake.currentRefresh(family[1]));
        assertThat(manager.status()).singleElement().satisfies(i -> assertThat(i.persistPending()).isFalse());

        // a restarted router continues the same family without reuse
        clock.advance(Duration.ofHours(1));
        try (TokenManager restarted = newManager(store)) {
            assertThat(fake.accepts(restarted.accessToken(c.id()))).isTrue();
        }
        assertThat(fake.revoked(family[1])).isFalse();
    }

    @Test
    void reuse_detected_marks_needs_relogin_and_later_calls_fail_fast_without_network() {
        String[] family = fake.seedFamily("google-client");
        // someone else redeemed our refresh token: ours is now rotated out
        TokenClient.create(Duration.ofSeconds(5), clock).token(URI.create(fake.base() + "/token"),
                BodyFormat.FORM,
                Map.of("grant_type", "refresh_token", "refresh_token", family[1], "client_id",
                        "google-client",
                        "client_secret", "google-secret"));
        String stale = fake.currentRefresh(family[1]).equals(family[1]) ? "" : family[1];
        assertThat(stale).isNotEmpty();
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));

        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOfSatisfying(ApiException.class,
                e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("bin/oauthrouter login gemini --name work")
                    .contains("refresh_token_reused").doesNotContain(family[1]);
        });
        int requests = fake.tokenRequests();
        for (int i = 0; i < 5; i++) {
            assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class)
                    .hasMessageContaining("needs a new login");
        }
        clock.advance(Duration.ofSeconds(5));
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThat(fake.tokenRequests()).isEqualTo(requests);
        assertThat(store.load(c.id()).orElseThrow().status()).isEqualTo(CredentialStatus.NEEDS_RELOGIN);
        assertThat(manager.status()).singleElement().satisfies(i -> assertThat(i.lastError()).get().asString()
                .contains("refresh_token_reused"));
    }

    @Test
    void token_endpoint_429_waits_for_retry_after() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));
        fake.failNext(1, 429, 30);

        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOfSatisfying(ApiException.class,
                e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.headers()).containsEntry("Retry-After", "30");
        });
        clock.advance(Duration.ofSeconds(29));
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThat(fake.tokenRequests()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(fake.accepts(manager.accessToken(c.id()))).isTrue();
        assertThat(fake.tokenRequests()).isEqualTo(2);
    }

    @Test
    void token_endpoint_5xx_backs_off_exponentially() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));
        fake.failNext(2, 500, -1);

        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThat(fake.tokenRequests()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThat(fake.tokenRequests()).isEqualTo(2);
        clock.advance(Duration.ofMillis(999));
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);
        assertThat(fake.tokenRequests()).isEqualTo(2);
        clock.advance(Duration.ofSeconds(1));
        assertThat(fake.accepts(manager.accessToken(c.id()))).isTrue();
        assertThat(fake.tokenRequests()).isEqualTo(3);
    }

    @Test
    void non_rotating_refresh_keeps_the_refresh_token() {
        fake.rotate(false);
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().minusSeconds(1));

        assertThat(fake.accepts(manager.accessToken(c.id()))).isTrue();
        assertThat(store.load(c.id()).orElseThrow().secrets().refreshToken()).isEqualTo(family[1]);
    }

    @Test
    void client_credentials_fetch_a_token_on_first_use_and_again_after_expiry() {
        StoredCredential c = store.save(StoredCredential.clientCredentials("gateway", "corp", fake.base()
                + "/token",
                "svc", "svc-secret", "llm.invoke", BodyFormat.FORM));

        String first = manager.accessToken(c.id());
        assertThat(fake.accepts(first)).isTrue();
        assertThat(manager.accessToken(c.id())).isEqualTo(first);
        clock.advance(Duration.ofMinutes(61));
        String second = manager.accessToken(c.id());
        assertThat(second).isNotEqualTo(first);
        assertThat(fake.accepts(second)).isTrue();
    }

    @Test
    void unauthorized_on_a_fresh_token_forces_exactly_one_refresh() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().plus(Duration.ofHours(1)));
        fake.revokeAccess(family[0]);

        assertThat(manager.recoverFromUnauthorized(c.id(), family[0])).isTrue();
        String fresh = manager.accessToken(c.id());
        assertThat(fresh).isNotEqualTo(family[0]);
        assertThat(fake.accepts(fresh)).isTrue();
        // a second report about the old token adopts the new one without another redemption
        assertThat(manager.recoverFromUnauthorized(c.id(), family[0])).isTrue();
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
    }

    @Test
    void refused_token_that_cannot_be_refreshed_needs_relogin() {
        StoredCredential c = store.save(StoredCredential.oauth("github", "me",
                new CredentialSecrets("tm-gh-1", "", "", ""), "", "gh", "", BodyFormat.FORM, Optional.empty(),
                Map.of()));
        assertThat(manager.accessToken(c.id())).isEqualTo("tm-gh-1");

        assertThat(manager.recoverFromUnauthorized(c.id(), "tm-gh-1")).isFalse();

        assertThat(store.load(c.id()).orElseThrow().status()).isEqualTo(CredentialStatus.NEEDS_RELOGIN);
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class)
                .hasMessageContaining("bin/oauthrouter login github --name me");
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void relogin_replacing_the_row_is_noticed_without_restart() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = oauth(family, clock.instant().plus(Duration.ofHours(1)));
        manager.markNeedsRelogin(c.id(), "invalid_grant");
        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class);

        String[] fresh = fake.seedFamily("google-client");
        oauth(fresh, clock.instant().plus(Duration.ofHours(1)));
        clock.advance(Duration.ofSeconds(2));

        assertThat(manager.accessToken(c.id())).isEqualTo(fresh[0]);
    }

    @Test
    void expired_token_without_refresh_token_needs_relogin() {
        StoredCredential c = store.save(StoredCredential.oauth("github", "me",
                new CredentialSecrets("tm-at-x", "", "", ""), "", "gh", "", BodyFormat.FORM,
                Optional.of(clock.instant().minusSeconds(1)), Map.of()));

        assertThatThrownBy(() -> manager.accessToken(c.id())).isInstanceOf(ApiException.class)
                .hasMessageContaining("bin/oauthrouter login github --name me");
        assertThat(fake.tokenRequests()).isZero();
    }

    @Test
    void status_lists_credentials_without_secrets() {
        String[] family = fake.seedFamily("google-client");
        oauth(family, clock.instant().plus(Duration.ofHours(1)));

        List<CredentialInfo> infos = manager.status();
        assertThat(infos).singleElement().satisfies(i -> {
            assertThat(i.provider()).isEqualTo("gemini");
            assertThat(i.toJson().toString()).doesNotContain(family[0]).doesNotContain(family[1])
                    .contains("\"status\":\"active\"").contains("\"kind\":\"oauth\"");
        });
    }

    private String awaitNewToken(String id, String old) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            StoredCredential row = store.load(id).orElseThrow();
            if (!row.secrets().accessToken().equals(old)) {
                return row.secrets().accessToken();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("token was not refreshed");
    }

    /** A store whose token writes fail on demand. */
    static final class FlakyStore implements CredentialStore {
        final AtomicBoolean failWrites = new AtomicBoolean();
        private final CredentialStore delegate;

        FlakyStore(CredentialStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<StoredCredential> load(String id) {
            return delegate.load(id);
        }

        @Override
        public Optional<StoredCredential> find(String provider, String name) {
            return delegate.find(provider, name);
        }

        @Override
        public List<StoredCredential> list() {
            return delegate.list();
        }

        @Override
        public List<StoredCredential> list(String provider) {
            return delegate.list(provider);
        }

        @Override
        public StoredCredential save(StoredCredential credential) {
            return delegate.save(credential);
        }

        @Override
        public boolean claim(String id, long expectedVersion, String owner, Instant now, Instant until) {
            return delegate.claim(id, expectedVersion, owner, now, until);
        }

        @Override
        public boolean compareAndSet(StoredCredential next, long expectedVersion) {
            if (failWrites.get()) {
                throw new CredentialStoreException("credential store token write failed: 08006", null);
            }
            return delegate.compareAndSet(next, expectedVersion);
        }

        @Override
        public void release(String id, String owner, Optional<String> lastError) {
            delegate.release(id, owner, lastError);
        }

        @Override
        public void cooldown(String id, Instant until, String lastError) {
            delegate.cooldown(id, until, lastError);
        }

        @Override
        public boolean delete(String provider, String name) {
            return delegate.delete(provider, name);
        }
    }
}
