package dev.oauthrouter.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.CredentialSecrets;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.testing.FakeAuthServer;
import dev.oauthrouter.testing.TestCipher;
import dev.oauthrouter.testing.TestDatabases;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two routers (two managers, two pools) on one real PostgreSQL schema.
 */
class TokenManagerPostgresTest {
    private final Clock clock = Clock.systemUTC();
    private final TestCipher cipher = new TestCipher();
    private FakeAuthServer fake;
    private String schema;
    private HikariDataSource dbA;
    private HikariDataSource dbB;
    private JdbcCredentialStore storeA;
    private JdbcCredentialStore storeB;
    private TokenManager routerA;
    private TokenManager routerB;

    @BeforeEach
    void setUp() {
        fake = FakeAuthServer.start("pg").client("google-client", "google-secret");
        schema = TestDatabases.createPgSchema();
        dbA = TestDatabases.pg(schema, true);
        dbB = TestDatabases.pg(schema, false);
        storeA = JdbcCredentialStore.create(dbA, cipher, clock);
        storeB = JdbcCredentialStore.create(dbB, cipher, clock);
        routerA = TokenManager.create(storeA, TokenClient.create(Duration.ofSeconds(5), clock), clock,
                TokenManagerTest.SETTINGS);
        routerB = TokenManager.create(storeB, TokenClient.create(Duration.ofSeconds(5), clock), clock,
                TokenManagerTest.SETTINGS);
    }

    @AfterEach
    void tearDown() {
        routerA.close();
        routerB.close();
        fake.close();
        dbA.close();
        dbB.close();
        TestDatabases.dropPgSchema(schema);
    }

    @Test
    void two_routers_seeing_expiry_redeem_once_and_lose_no_rotation() throws Exception {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = storeA.save(StoredCredential.oauth("gemini", "work",
                new CredentialSecrets(family[0], family[1], "google-secret", ""), fake.base() + "/token",
                "google-client", "", BodyFormat.FORM, Optional.of(clock.instant().minusSeconds(1)),
                        Map.of()));
        // both routers have the expired row cached before either refreshes
        assertThat(routerA.current(c.id()).version()).isEqualTo(routerB.current(c.id()).version());
        fake.hold();

        CompletableFuture<String> a = CompletableFuture.supplyAsync(() -> routerA.accessToken(c.id()));
        fake.awaitArrival();
        CompletableFuture<String> b = CompletableFuture.supplyAsync(() -> routerB.accessToken(c.id()));
        Thread.sleep(300);
        fake.release();

        String tokenA = a.get(10, TimeUnit.SECONDS);
        String tokenB = b.get(10, TimeUnit.SECONDS);
        assertThat(tokenB).isEqualTo(tokenA);
        assertThat(fake.accepts(tokenA)).isTrue();
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
        assertThat(fake.redemptionsOf(family[1])).isEqualTo(1);
        StoredCredential row = storeB.load(c.id()).orElseThrow();
        assertThat(row.secrets().refreshToken()).isEqualTo(fake.currentRefresh(family[1]));
        assertThat(fake.revoked(family[1])).isFalse();
    }

    @Test
    void second_router_adopts_a_refresh_done_earlier_by_the_first() {
        String[] family = fake.seedFamily("google-client");
        StoredCredential c = storeA.save(StoredCredential.oauth("gemini", "work",
                new CredentialSecrets(family[0], family[1], "google-secret", ""), fake.base() + "/token",
                "google-client", "", BodyFormat.FORM, Optional.of(clock.instant().minusSeconds(1)),
                        Map.of()));
        routerB.current(c.id());

        String tokenA = routerA.accessToken(c.id());
        String tokenB = routerB.accessToken(c.id());

        assertThat(tokenB).isEqualTo(tokenA);
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
    }
}
