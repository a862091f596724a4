package dev.oauthrouter.credentials;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.testing.MutableClock;
import dev.oauthrouter.testing.TestCipher;
import dev.oauthrouter.testing.TestDatabases;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcCredentialStoreTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private HikariDataSource db;
    private JdbcCredentialStore store;

    @BeforeEach
    void setUp() {
        db = TestDatabases.h2();
        store = JdbcCredentialStore.create(db, new TestCipher(), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    private StoredCredential sample() {
        return StoredCredential.oauth("gemini", "work", new CredentialSecrets("st-access-1", "st-refresh-1",
                        "st-client-secret", ""), "https://idp.example/token", "cid", "a b", BodyFormat.JSON,
                Optional.of(clock.instant().plusSeconds(60)), Map.of("quota_project_id", "p1"));
    }

    @Test
    void round_trips_every_field() {
        StoredCredential saved = store.save(sample());
        StoredCredential loaded = store.load(saved.id()).orElseThrow();
        assertThat(loaded).isEqualTo(saved);
        assertThat(store.find("gemini", "work")).contains(saved);
        assertThat(store.list("gemini")).containsExactly(saved);
    }

    @Test
    void secrets_are_sealed_at_rest() throws Exception {
        store.save(sample());
        try (Connection c = db.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM provider_credentials")) {
            assertThat(rs.next()).isTrue();
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                Object v = rs.getObject(i);
                row.append(v instanceof byte[] b ? new String(b, StandardCharsets.ISO_8859_1)
                        : String.valueOf(v));
            }
            assertThat(row.toString()).doesNotContain("st-access-1").doesNotContain("st-refresh-1")
                    .doesNotContain("st-client-secret").contains("cid");
        }
    }

    @Test
    void compare_and_set_writes_only_on_the_expected_version() {
        StoredCredential saved = store.save(sample());
        StoredCredential next = saved.withTokens("st-access-2", "st-refresh-2", Optional.empty(),
                clock.instant());

        assertThat(store.compareAndSet(next, saved.version() + 1)).isFalse();
        assertThat(store.compareAndSet(next, saved.version())).isTrue();
        assertThat(store.compareAndSet(next, saved.version())).isFalse();
        StoredCredential row = store.load(saved.id()).orElseThrow();
        assertThat(row.version()).isEqualTo(saved.version() + 1);
        assertThat(row.secrets().refreshToken()).isEqualTo("st-refresh-2");
    }

    @Test
    void claim_excludes_other_owners_until_it_expires_or_is_released() {
        StoredCredential saved = store.save(sample());
        Instant now = clock.instant();
        assertThat(store.claim(saved.id(), saved.version(), "a", now, now.plusSeconds(30))).isTrue();
        assertThat(store.claim(saved.id(), saved.version(), "b", now, now.plusSeconds(30))).isFalse();
        assertThat(store.claim(saved.id(), saved.version(), "b", now.plusSeconds(31), now.plusSeconds(60)))
                .isTrue();
        store.release(saved.id(), "b", Optional.of("token endpoint HTTP 500"));
        assertThat(store.claim(saved.id(), saved.version(), "a", now, now.plusSeconds(30))).isTrue();
        assertThat(store.claim(saved.id(), saved.version() + 1, "c", now.plusSeconds(60),
                now.plusSeconds(90)))
                .isFalse();
        assertThat(store.load(saved.id()).orElseThrow().lastError()).contains("token endpoint HTTP 500");
    }

    @Test
    void cooldown_touches_neither_tokens_nor_version() {
        StoredCredential saved = store.save(sample());
        store.cooldown(saved.id(), clock.instant().plus(Duration.ofMinutes(1)),
                "upstream rate limit (HTTP 429)");
        StoredCredential row = store.load(saved.id()).orElseThrow();
        assertThat(row.version()).isEqualTo(saved.version());
        assertThat(row.secrets()).isEqualTo(saved.secrets());
        assertThat(row.cooldownUntil()).contains(clock.instant().plus(Duration.ofMinutes(1)));
        // a token write keeps the cooldown
        assertThat(store.compareAndSet(row.withTokens("st-access-3", "", Optional.empty(), clock.instant()),
                row.version())).isTrue();
        assertThat(store.load(saved.id()).orElseThrow().cooldownUntil()).isPresent();
    }

    @Test
    void to_string_never_prints_secrets() {
        assertThat(sample().toString()).doesNotContain("st-access-1").doesNotContain("st-refresh-1")
                .doesNotContain("st-client-secret").contains("access=present");
    }
}
