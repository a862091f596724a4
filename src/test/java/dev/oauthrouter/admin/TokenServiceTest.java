package dev.oauthrouter.admin;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.auth.CachedTokenAuthenticator;
import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.SecretCipher;
import dev.oauthrouter.store.TestDatabase;
import dev.oauthrouter.testing.MutableClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenServiceTest {
    private static final Instant NOW = Instant.parse("2026-12-15T10:00:00Z");
    private final SecretCipher cipher = new AesGcmSecretCipher(MasterKey.generate());
    private final MutableClock clock = new MutableClock(NOW);

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void created_token_authenticates_and_reveals_but_is_not_stored_in_plain_text(Dialect dialect)
            throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            TokenService tokens = new TokenService(db, cipher, Plans.defaults(), clock);
            IssuedToken issued = tokens.create(new TokenSpec("laptop", Optional.of("pro"), Optional.empty(),
                    List.of("openai/*")));
            assertThat(issued.secret()).matches("lr_live_[0-9A-Za-z]{40}");
            assertThat(tokens.reveal("laptop")).isEqualTo(issued.secret());
            try (CachedTokenAuthenticator auth = authenticator(db)) {
                TokenPrincipal p = auth.authenticate(issued.secret()).orElseThrow();
                assertThat(p.name()).isEqualTo("laptop");
                assertThat(p.plan()).isEqualTo("pro");
                assertThat(p.allowedModels()).containsExactly("openai/*");
                assertThat(auth.authenticate(issued.secret() + "x")).isEmpty();
                assertThat(auth.authenticate("sk-other")).isEmpty();
            }
            String secretPart = issued.secret().substring("lr_live_".length());
            for (String table : List.of("router_token", "quota_usage", "usage_event", "token_epoch")) {
                assertThat(dump(db, table)).as(table).doesNotContain(secretPart);
            }
            assertThat(dump(db, "router_token")).contains("laptop");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void regenerate_and_revoke_take_effect_at_once_locally_and_within_a_second_elsewhere(Dialect dialect)
            throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database one = t.open();
            Database two = dialect == Dialect.POSTGRESQL ? t.open() : one;
            TokenService tokens = new TokenService(one, cipher, Plans.defaults(), clock);
            try (CachedTokenAuthenticator local = authenticator(one);
                 CachedTokenAuthenticator remote = authenticator(two)) {
                tokens.onChange(local::invalidate);
                String old = tokens.create(TokenSpec.named("ci")).secret();
                assertThat(local.authenticate(old)).isPresent();
                assertThat(remote.authenticate(old)).isPresent();

                String fresh = tokens.regenerate("ci").secret();
                assertThat(local.authenticate(old)).isEmpty();
                assertThat(local.authenticate(fresh)).isPresent();
                assertThat(tokens.reveal("ci")).isEqualTo(fresh);
                awaitWithinOneSecond(() -> remote.authenticate(old).isEmpty());
                assertThat(remote.authenticate(fresh)).isPresent();

                tokens.changePlan("ci", "starter");
                assertThat(local.authenticate(fresh).orElseThrow().plan()).isEqualTo("starter");
                awaitWithinOneSecond(() -> remote.authenticate(fresh).orElseThrow().plan().equals("starter"));

                tokens.revoke("ci");
                assertThat(local.authenticate(fresh)).isEmpty();
                awaitWithinOneSecond(() -> remote.authenticate(fresh).isEmpty());
                assertThat(tokens.view("ci").state()).isEqualTo(TokenState.REVOKED);
            }
        }
    }

    @Test
    void expired_tokens_stop_authenticating_and_list_as_expired() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            Database db = t.open();
            TokenService tokens = new TokenService(db, cipher, Plans.defaults(), clock);
            String secret = tokens.create(new TokenSpec("temp", Optional.empty(),
                    Optional.of(NOW.plus(Duration.ofHours(1))), List.of())).secret();
            try (CachedTokenAuthenticator auth = authenticator(db)) {
                assertThat(auth.authenticate(secret)).isPresent();
                clock.advance(Duration.ofHours(2));
                assertThat(auth.authenticate(secret)).isEmpty();
            }
            assertThat(tokens.list()).singleElement().satisfies(v -> {
                assertThat(v.state()).isEqualTo(TokenState.EXPIRED);
                assertThat(v.plan()).isEqualTo("free");
                assertThat(v.limit()).hasValue(100);
            });
        }
    }

    @Test
    void rejects_bad_input_naming_the_field() {
        try (TestDatabase t = TestDatabase.create(Dialect.H2)) {
            TokenService tokens = new TokenService(t.open(), cipher, Plans.defaults(), clock);
            tokens.create(TokenSpec.named("taken"));
            assertParam(() -> tokens.create(TokenSpec.named("has space")), 400, "name");
            assertParam(() -> tokens.create(TokenSpec.named("taken")), 409, "name");
            assertParam(() -> tokens.create(new TokenSpec("p", Optional.of("gold"), Optional.empty(),
                    List.of())), 400, "plan");
            assertParam(() -> tokens.create(new TokenSpec("e", Optional.empty(),
                    Optional.of(NOW.minusSeconds(1)),
                    List.of())), 400, "expires_at");
            assertParam(() -> tokens.changeModels("taken", List.of("a b")), 400, "models");
            assertParam(() -> tokens.usage("2026-13"), 400, "month");
            assertThatThrownBy(() -> tokens.revoke("nobody"))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(404));
            assertThat(tokens.count()).isEqualTo(1);
        }
    }

    @Test
    void parses_expiry_dates_and_times() {
        assertThat(TokenService.parseExpiry("2027-01-31", "expires"))
                .isEqualTo(Instant.parse("2027-02-01T00:00:00Z"));
        assertThat(TokenService.parseExpiry("2027-01-31T12:00:00+01:00", "expires"))
                .isEqualTo(Instant.parse("2027-01-31T11:00:00Z"));
        assertParam(() -> TokenService.parseExpiry("tomorrow", "expires"), 400, "expires");
        assertThat(TokenService.splitModels("anthropic/*, openai/gpt-4o,,"))
                .containsExactly("anthropic/*", "openai/gpt-4o");
    }

    private CachedTokenAuthenticator authenticator(Database db) {
        return new CachedTokenAuthenticator(new JdbcTokenStore(db), clock, Duration.ofMillis(200));
    }

    private static void awaitWithinOneSecond(java.util.function.BooleanSupplier condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("change visible within one second").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private static void assertParam(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, int status,
                                    String param) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.param()).contains(param);
        });
    }

    /** Returns every cell of a table as text. */
    static String dump(Database db, String table) throws Exception {
        List<String> cells = new ArrayList<>();
        try (Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    cells.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        return String.join("|", cells);
    }
}
