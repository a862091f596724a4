package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.helidon.dbclient.DbRow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DatabaseTest {
    @ParameterizedTest
    @EnumSource(Dialect.class)
    void migrates_the_schema(Dialect dialect) throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            try (Connection c = db.connection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT epoch FROM token_epoch WHERE id = 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isZero();
            }
            assertThat(db.dialect()).isEqualTo(dialect);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void a_second_pool_on_the_same_database_migrates_nothing_again(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            t.open();
            Database second = t.open();
            List<DbRow> rows = second.dbClient().execute()
                    .createQuery("SELECT COUNT(*) AS n FROM token_epoch").execute().toList();
            assertThat(rows.getFirst().column(1).getLong()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void db_client_runs_statements(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open();
            long updated = db.dbClient().execute()
                    .createUpdate("UPDATE token_epoch SET epoch = epoch + 1 WHERE id = ?")
                    .addParam(1).execute();
            assertThat(updated).isEqualTo(1);
            long epoch = db.dbClient().execute().createGet("SELECT epoch FROM token_epoch")
                    .execute().orElseThrow().column(1).getLong();
            assertThat(epoch).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void db_client_returns_its_connections_to_the_gate(Dialect dialect) {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open(1);
            for (int i = 0; i < 5; i++) {
                assertThat(db.dbClient().execute().createQuery("SELECT epoch FROM token_epoch").execute()
                        .toList()).hasSize(1);
                db.dbClient().execute().createUpdate("UPDATE token_epoch SET epoch = epoch + 1").execute();
            }
            long epoch = db.dbClient().execute().createGet("SELECT epoch FROM token_epoch").execute()
                    .orElseThrow().column(1).getLong();
            assertThat(epoch).isEqualTo(5);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void gate_refuses_callers_beyond_the_pool_size(Dialect dialect) throws Exception {
        try (TestDatabase t = TestDatabase.create(dialect)) {
            Database db = t.open(2);
            List<Connection> held = new ArrayList<>();
            held.add(db.connection());
            held.add(db.connection());
            long start = System.nanoTime();
            assertThatThrownBy(db::connection).isInstanceOf(StoreException.class);
            assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(1_500);
            held.getFirst().close();
            held.getFirst().close();
            try (Connection again = db.connection()) {
                assertThat(again.isValid(1)).isTrue();
            }
            held.get(1).close();
        }
    }

    @org.junit.jupiter.api.Test
    void h2_file_databases_are_shared_with_other_processes() {
        assertThat(Database.shareable("jdbc:h2:file:./data/oauthrouter"))
                .isEqualTo("jdbc:h2:file:./data/oauthrouter;AUTO_SERVER=TRUE");
        assertThat(Database.shareable("jdbc:h2:./data/x;AUTO_SERVER=FALSE")).endsWith("FALSE");
        assertThat(Database.shareable("jdbc:h2:mem:x")).isEqualTo("jdbc:h2:mem:x");
        assertThat(Database.shareable("jdbc:postgresql://h/db")).isEqualTo("jdbc:postgresql://h/db");
    }

    @org.junit.jupiter.api.Test
    void redacts_url_parameters() {
        assertThat(Database.redact("jdbc:postgresql://h/db?user=u&password=secret"))
                .isEqualTo("jdbc:postgresql://h/db");
        assertThat(Database.redact("jdbc:h2:file:./data/x;PASSWORD=p")).isEqualTo("jdbc:h2:file:./data/x");
    }
}
