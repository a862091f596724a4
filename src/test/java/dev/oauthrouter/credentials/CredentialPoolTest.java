package dev.oauthrouter.credentials;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.oauth.TokenClient;
import dev.oauthrouter.oauth.TokenManager;
import dev.oauthrouter.oauth.TokenManagerSettings;
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

class CredentialPoolTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final HttpClient http = HttpClient.newHttpClient();
    private FakeAuthServer fake;
    private HikariDataSource db;
    private JdbcCredentialStore store;
    private TokenManager manager;

    @BeforeEach
    void setUp() {
        fake = FakeAuthServer.start("pool").client("google-client", "google-secret");
        db = TestDatabases.h2();
        store = JdbcCredentialStore.create(db, new TestCipher(), clock);
        TokenManagerSettings s = new TokenManagerSettings(Duration.ofMinutes(5), Map.of(),
                Duration.ofHours(1),
                Duration.ofSeconds(10), Duration.ofMillis(50), Duration.ofSeconds(1), Duration.ofSeconds(8),
                Duration.ofSeconds(1));
        manager = TokenManager.create(store, TokenClient.create(Duration.ofSeconds(5), clock), clock, s);
    }

    @AfterEach
    void tearDown() {
        manager.close();
        fake.close();
        db.close();
    }

    private StoredCredential oauth(String name, Instant expiry) {
        String[] family = fake.seedFamily("google-client");
        return store.save(StoredCredential.oauth("gemini", name,
                new CredentialSecrets(family[0], family[1], "google-secret", ""), fake.base() + "/token",
                "google-client", "", BodyFormat.FORM, Optional.of(expiry), Map.of()));
    }

    private CredentialPool pool(List<String> names) {
        return CredentialPool.create("gemini", names, store, manager, CredentialPool.ApiKeyStyle.BEARER,
                clock,
                Duration.ofSeconds(10));
    }

    private int call(Credential c) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(fake.base() + "/v1/chat/completions"))
                    .header(c.headerName(), c.headerValue())
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                            HttpResponse.BodyHandlers.ofString())
                    .statusCode();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void credentials_are_used_in_turn() {
        oauth("a", clock.instant().plus(Duration.ofHours(1)));
        oauth("b", clock.instant().plus(Duration.ofHours(1)));
        CredentialPool pool = pool(List.of());

        List<String> used = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Credential c = pool.acquire();
            assertThat(call(c)).isEqualTo(200);
            used.add(c.toString());
        }
        assertThat(used).containsExactly(used.get(0), used.get(1), used.get(0), used.get(1));
        assertThat(used.get(0)).isNotEqualTo(used.get(1));
    }

    @Test
    void rate_limited_credentials_sit_out_until_reset_then_return() {
        oauth("a", clock.instant().plus(Duration.ofHours(1)));
        oauth("b", clock.instant().plus(Duration.ofHours(1)));
        CredentialPool pool = pool(List.of("a", "b"));

        Credential first = pool.acquire();
        first.rateLimited(Duration.ofSeconds(60));
        Credential second = pool.acquire();
        assertThat(second.toString()).isNotEqualTo(first.toString());
        second.rateLimited(Duration.ofSeconds(120));

        assertThatThrownBy(pool::acquire).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(429);
            assertThat(e.headers()).containsEntry("Retry-After", "60");
        });
        assertThat(store.list("gemini")).allSatisfy(c -> {
            assertThat(c.cooldownUntil()).isPresent();
            assertThat(c.lastError()).contains("upstream rate limit (HTTP 429)");
        });

        clock.advance(Duration.ofSeconds(60));
        assertThat(pool.acquire().toString()).isEqualTo(first.toString());
        assertThat(pool.acquire().toString()).isEqualTo(first.toString());
        clock.advance(Duration.ofSeconds(60));
        List<String> both = List.of(pool.acquire().toString(), pool.acquire().toString());
        assertThat(both).containsExactlyInAnyOrder(first.toString(), second.toString());
    }

    @Test
    void credential_needing_relogin_is_skipped_and_the_last_one_fails_with_the_fix() {
        StoredCredential dead = oauth("dead", clock.instant().plus(Duration.ofHours(1)));
        oauth("live", clock.instant().plus(Duration.ofHours(1)));
        manager.markNeedsRelogin(dead.id(), "invalid_grant");
        CredentialPool pool = pool(List.of("dead", "live"));

        for (int i = 0; i < 3; i++) {
            assertThat(pool.acquire().toString()).contains("live");
        }
        manager.markNeedsRelogin(store.find("gemini", "live").orElseThrow().id(), "invalid_grant");
        assertThatThrownBy(pool::acquire).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(401);
            assertThat(e.getMessage()).contains("bin/oauthrouter login gemini --name");
        });
    }

    @Test
    void upstream_401_on_a_fresh_token_gives_one_forced_refresh_and_one_retry() {
        StoredCredential c = oauth("a", clock.instant().plus(Duration.ofHours(1)));
        fake.revokeAccess(c.secrets().accessToken());
        CredentialPool pool = pool(List.of());

        Credential cred = pool.acquire();
        assertThat(call(cred)).isEqualTo(401);
        assertThat(cred.unauthorized()).isTrue();
        assertThat(call(cred)).isEqualTo(200);
        assertThat(fake.refreshRedemptions()).isEqualTo(1);

        // the upstream refuses the new token too: no second retry, the credential cools down
        fake.revokeAccess(cred.headerValue().substring(7));
        assertThat(call(cred)).isEqualTo(401);
        assertThat(cred.unauthorized()).isFalse();
        assertThat(fake.refreshRedemptions()).isEqualTo(1);
        assertThat(store.load(c.id()).orElseThrow().cooldownUntil()).isPresent();
    }

    @Test
    void stored_api_keys_use_the_provider_header_style() {
        store.save(StoredCredential.apiKey("gemini", "key", "pool-key-123"));
        CredentialPool pool = CredentialPool.create("gemini", List.of(), store, manager,
                new CredentialPool.ApiKeyStyle("x-goog-api-key", ""), clock, Duration.ofSeconds(10));

        Credential c = pool.acquire();
        assertThat(c.headerName()).isEqualTo("x-goog-api-key");
        assertThat(c.headerValue()).isEqualTo("pool-key-123");
        assertThat(c.toString()).doesNotContain("pool-key-123");
    }

    @Test
    void empty_pool_names_the_login_command() {
        assertThatThrownBy(() -> pool(List.of()).acquire()).isInstanceOf(ApiException.class)
                .hasMessageContaining("bin/oauthrouter login gemini");
    }

    @Test
    void static_key_sources_rotate_and_cool_down() {
        CredentialSource single = CredentialSources.apiKey("x-api-key", "", "k-1");
        assertThat(single.acquire().headerName()).isEqualTo("x-api-key");
        assertThat(single.acquire().headerValue()).isEqualTo("k-1");

        CredentialSource two = CredentialSources.apiKeys("Authorization", "Bearer ", List.of("k-a",
                "k-b"), clock);
        Credential a = two.acquire();
        a.rateLimited(Duration.ofSeconds(30));
        assertThat(two.acquire().headerValue()).isEqualTo("Bearer k-b");
        assertThat(two.acquire().headerValue()).isEqualTo("Bearer k-b");
        clock.advance(Duration.ofSeconds(30));
        assertThat(List.of(two.acquire().headerValue(), two.acquire().headerValue()))
                .containsExactlyInAnyOrder("Bearer k-a", "Bearer k-b");
    }
}
