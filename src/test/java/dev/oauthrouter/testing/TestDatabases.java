package dev.oauthrouter.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * Migrated test databases: a private in-memory H2, or a private schema on the local PostgreSQL.
 */
public final class TestDatabases {
    /** The local PostgreSQL used by the test suite. */
    public static final String PG_URL = "jdbc:postgresql://127.0.0.1:5432/test";

    private TestDatabases() {
    }

    /** Returns a migrated private H2 database. */
    public static HikariDataSource h2() {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl("jdbc:h2:mem:t" + UUID.randomUUID().toString().replace("-", "")
                + ";DB_CLOSE_DELAY=-1");
        cfg.setMaximumPoolSize(8);
        HikariDataSource ds = new HikariDataSource(cfg);
        migrate(ds, null);
        return ds;
    }

    /** Creates a random schema on PostgreSQL and returns its name. */
    public static String createPgSchema() {
        String schema = "oauth_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12)
                .toLowerCase(Locale.ROOT);
        execute("CREATE SCHEMA " + schema);
        return schema;
    }

    /** Returns a pool on a PostgreSQL schema, migrating it when asked. */
    public static HikariDataSource pg(String schema, boolean migrate) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(PG_URL + "?currentSchema=" + schema);
        cfg.setUsername("postgres");
        cfg.setMaximumPoolSize(8);
        HikariDataSource ds = new HikariDataSource(cfg);
        if (migrate) {
            migrate(ds, schema);
        }
        return ds;
    }

    /** Drops a PostgreSQL schema. */
    public static void dropPgSchema(String schema) {
        execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }

    private static void execute(String sql) {
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(PG_URL);
        cfg.setUsername("postgres");
        try (HikariDataSource admin = new HikariDataSource(cfg);
             Connection con = admin.getConnection();
             Statement st = con.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void migrate(HikariDataSource ds, String schema) {
        var conf = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        if (schema != null) {
            conf = conf.schemas(schema).defaultSchema(schema);
        }
        conf.load().migrate();
    }
}
