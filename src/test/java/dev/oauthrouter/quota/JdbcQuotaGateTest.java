package dev.oauthrouter.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.TestDatabase;
import dev.oauthrouter.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JdbcQuotaGateTest {
    private static final Instant MID_DECEMBER = Instant.parse("2026-12-15T10:00:00Z");

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void admits_exactly_the_messages_left_under_concurrency(Dialect dialect) throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            // two pools with their own gates: two routers on one database (PostgreSQL), or one on H2
            Database first = t.open(8);
            Database second = dialect == Dialect.POSTGRESQL ? t.open(8) : first;
            MutableClock clock = new MutableClock(MID_DECEMBER);
            Plans plans = new Plans(Map.of("small", 60L, "fifty", 50L));
            List<QuotaGate> gates = List.of(new JdbcQuotaGate(first, plans, clock),
                    new JdbcQuotaGate(second, plans, clock));
            JdbcTokenStore tokens = new JdbcTokenStore(first);
            for (int round = 0; round < 6; round++) {
                // odd rounds race on creating the month's row too; even rounds start with 10 used of 60
                boolean fresh = round % 2 == 1;
                TokenPrincipal token = token(tokens, "round" + round, fresh ? "fifty" : "small");
                for (int i = 0; !fresh && i < 10; i++) {
                    gates.getFirst().admit(token);
                }
                int admitted = burst(gates, token, 200);
                assertThat(admitted).as("round %d", round).isEqualTo(50);
                assertThat(used(first, token.id(), "2026-12")).isEqualTo(fresh ? 50 : 60);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void release_gives_the_message_back_once(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            JdbcQuotaGate gate = new JdbcQuotaGate(db, new Plans(Map.of("one", 1L)),
                    new MutableClock(MID_DECEMBER));
            TokenPrincipal token = token(new JdbcTokenStore(db), "a", "one");
            QuotaGate.Admission admission = gate.admit(token);
            assertThat(admission.headers()).containsEntry("x-ratelimit-remaining-requests", "0");
            assertThatThrownBy(() -> gate.admit(token)).isInstanceOf(ApiException.class);
            admission.release();
            admission.release();
            assertThat(used(db, token.id(), "2026-12")).isZero();
            QuotaGate.Admission again = gate.admit(token);
            assertThat(again.headers()).containsEntry("x-ratelimit-limit-requests", "1");
            assertThat(used(db, token.id(), "2026-12")).isEqualTo(1);
        }
    }

    @Test
    void rejects_over_the_limit_with_429_headers_and_retry_after() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:59:00Z"));
            JdbcQuotaGate gate = new JdbcQuotaGate(db, Plans.defaults(), clock);
            TokenPrincipal token = token(new JdbcTokenStore(db), "f", "free");
            for (int i = 0; i < 100; i++) {
                gate.admit(token);
            }
            assertThatThrownBy(() -> gate.admit(token))
                    .isInstanceOfSatisfying(ApiException.class, e -> {
                        assertThat(e.status()).isEqualTo(429);
                        assertThat(e.type()).isEqualTo("rate_limit_error");
                        assertThat(e.code()).contains("monthly_limit_reached");
                        assertThat(e.getMessage()).startsWith("Monthly limit reached")
                                .contains("'free'", "100", "2027-01-01T00:00:00Z");
                        assertThat(e.headers()).containsEntry("Retry-After", "60")
                                .containsEntry("x-ratelimit-limit-requests", "100")
                                .containsEntry("x-ratelimit-remaining-requests", "0")
                                .containsEntry("x-ratelimit-reset-requests", "1m0s");
                    });
        }
    }

    @Test
    void a_new_month_starts_from_zero() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:59:59Z"));
            JdbcQuotaGate gate = new JdbcQuotaGate(db, new Plans(Map.of("two", 2L)), clock);
            TokenPrincipal token = token(new JdbcTokenStore(db), "m", "two");
            gate.admit(token);
            QuotaGate.Admission last = gate.admit(token);
            assertThatThrownBy(() -> gate.admit(token)).isInstanceOf(ApiException.class);
            clock.set(Instant.parse("2027-01-01T00:00:00Z"));
            QuotaGate.Admission fresh = gate.admit(token);
            assertThat(fresh.headers()).containsEntry("x-ratelimit-remaining-requests", "1")
                    .containsEntry("x-ratelimit-reset-requests", "31d0h0m0s");
            // a release after the rollover goes back to the month it was taken from
            last.release();
            assertThat(used(db, token.id(), "2026-12")).isEqualTo(1);
            assertThat(used(db, token.id(), "2027-01")).isEqualTo(1);
        }
    }

    @Test
    void unlimited_plans_count_but_never_reject() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            JdbcQuotaGate gate = new JdbcQuotaGate(db, Plans.defaults(), new MutableClock(MID_DECEMBER));
            TokenPrincipal token = token(new JdbcTokenStore(db), "e", "enterprise");
            for (int i = 0; i < 150; i++) {
                gate.admit(token);
            }
            assertThat(used(db, token.id(), "2026-12")).isEqualTo(150);
        }
    }

    @Test
    void plan_change_applies_to_the_next_admission() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            JdbcQuotaGate gate = new JdbcQuotaGate(db, new Plans(Map.of("one", 1L, "three", 3L)),
                    new MutableClock(MID_DECEMBER));
            TokenPrincipal token = token(new JdbcTokenStore(db), "p", "one");
            gate.admit(token);
            assertThatThrownBy(() -> gate.admit(token)).isInstanceOf(ApiException.class);
            TokenPrincipal upgraded = new TokenPrincipal(token.id(), token.name(), "three", List.of());
            assertThat(gate.admit(upgraded).headers()).containsEntry("x-ratelimit-remaining-requests", "1");
        }
    }

    @Test
    void database_down_answers_503_and_admits_nothing() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            JdbcQuotaGate gate = new JdbcQuotaGate(db, Plans.defaults(), new MutableClock(MID_DECEMBER));
            TokenPrincipal token = token(new JdbcTokenStore(db), "d", "free");
            db.close();
            assertThatThrownBy(() -> gate.admit(token)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.type()).isEqualTo("api_error");
            });
        }
    }

    private static int burst(List<QuotaGate> gates, TokenPrincipal token, int requests) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> results = new ArrayList<>();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < requests; i++) {
                QuotaGate gate = gates.get(i % gates.size());
                results.add(exec.submit(() -> {
                    start.await();
                    try {
                        gate.admit(token);
                        return true;
                    } catch (ApiException e) {
                        assertThat(e.status()).isEqualTo(429);
                        return false;
                    }
                }));
            }
            start.countDown();
            int admitted = 0;
            for (Future<Boolean> f : results) {
                admitted += f.get() ? 1 : 0;
            }
            return admitted;
        }
    }

    static TokenPrincipal token(JdbcTokenStore tokens, String name, String plan) {
        long id = tokens.insert(name, "hash-" + name, "sealed", plan, List.of(), MID_DECEMBER,
                Optional.empty());
        return new TokenPrincipal(id, name, plan, List.of());
    }

    static long used(Database db, long tokenId, String month) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT used FROM quota_usage WHERE token_id = ? AND month_key = ?")) {
            ps.setLong(1, tokenId);
            ps.setString(2, month);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
