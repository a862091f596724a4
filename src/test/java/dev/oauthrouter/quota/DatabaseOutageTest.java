package dev.oauthrouter.quota;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.TestDatabase;
import dev.oauthrouter.testing.MutableClock;

import org.h2.tools.Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseOutageTest {
    @TempDir
    Path dir;

    @Test
    void outage_answers_503_without_admitting_and_recovers_without_restart() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Server server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir",
                dir.toString()).start();
        String url = "jdbc:h2:tcp://localhost:" + port + "/outage";
        try (Database db = Database.open(url, "sa", "", 4)) {
            MutableClock clock = new MutableClock(Instant.parse("2026-12-15T10:00:00Z"));
            JdbcQuotaGate gate = new JdbcQuotaGate(db, new Plans(java.util.Map.of("three", 3L)), clock);
            long id = new JdbcTokenStore(db).insert("o", "h", "s", "three", List.of(), clock.instant(),
                    Optional.empty());
            TokenPrincipal token = new TokenPrincipal(id, "o", "three", List.of());
            gate.admit(token);

            server.stop();
            assertThatThrownBy(() -> gate.admit(token)).isInstanceOfSatisfying(ApiException.class, e -> {
                assertThat(e.status()).isEqualTo(503);
                assertThat(e.type()).isEqualTo("api_error");
            });

            server = Server.createTcpServer("-tcpPort", Integer.toString(port), "-ifNotExists", "-baseDir",
                    dir.toString()).start();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            QuotaGate.Admission admitted = null;
            while (admitted == null) {
                try {
                    admitted = gate.admit(token);
                } catch (ApiException e) {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(System.nanoTime()).as("recovered within 10 s").isLessThan(deadline);
                    Thread.sleep(100);
                }
            }
            // the outage admitted nothing: one before, one after, one left
            assertThat(admitted.headers()).containsEntry("x-ratelimit-remaining-requests", "1");
        } finally {
            server.stop();
        }
    }

    @Test
    void postgres_connections_killed_by_the_server_are_replaced() throws Exception {
        try (TestDatabase t = TestDatabase.create(Dialect.POSTGRESQL)) {
            Database db = t.open(4);
            MutableClock clock = new MutableClock(Instant.parse("2026-12-15T10:00:00Z"));
            JdbcQuotaGate gate = new JdbcQuotaGate(db, new Plans(java.util.Map.of("three", 3L)), clock);
            long id = new JdbcTokenStore(db).insert("k", "h", "s", "three", List.of(), clock.instant(),
                    Optional.empty());
            TokenPrincipal token = new TokenPrincipal(id, "k", "three", List.of());
            gate.admit(token);
            long killed = 0;
            try (Connection c = DriverManager.getConnection(TestDatabase.POSTGRES_BASE, "postgres", "");
                 PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) "
                         + "FROM pg_stat_activity WHERE application_name = ?")) {
                ps.setString(1, t.schema());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        killed += rs.getBoolean(1) ? 1 : 0;
                    }
                }
            }
            assertThat(killed).isPositive();
            long start = System.nanoTime();
            int failures = 0;
            QuotaGate.Admission admitted = null;
            while (admitted == null) {
                try {
                    admitted = gate.admit(token);
                } catch (ApiException e) {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(++failures).as("503s before recovery").isLessThan(10);
                }
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(admitted.headers()).containsEntry("x-ratelimit-remaining-requests", "1");
        }
    }
}
