package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A throw-away database for tests: a private in-memory H2 database, or a private schema in the local
 * PostgreSQL (127.0.0.1:5432, database {@code test}) that is dropped on close. {@link #open()} may be
 * called several times to get several routers' worth of pools on the same data.
 */
public final class TestDatabase implements AutoCloseable {
    /** The PostgreSQL used by tests. */
    public static final String POSTGRES_BASE = "jdbc:postgresql://127.0.0.1:5432/test";

    private final Dialect dialect;
    private final String url;
    private final String schema;
    private final List<Database> opened = new ArrayList<>();

    private TestDatabase(Dialect dialect, String url, String schema) {
        this.dialect = dialect;
        this.url = url;
        this.schema = schema;
    }

    /** Creates a fresh, empty database of the dialect. */
    public static TestDatabase create(Dialect dialect) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (dialect == Dialect.H2) {
            return new TestDatabase(dialect, "jdbc:h2:mem:t" + id + ";DB_CLOSE_DELAY=-1", null);
        }
        String schema = "t_" + id;
        try (Connection c = DriverManager.getConnection(POSTGRES_BASE, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at 127.0.0.1:5432 is needed for this test", e);
        }
        // extra URL parameters, e.g. -Dtest.pg.params=options=-c%20synchronous_commit%3Doff (benchmarks)
        String extra = System.getProperty("test.pg.params", "");
        // the application name lets a test find (and kill) exactly its own server connections
        return new TestDatabase(dialect, POSTGRES_BASE + "?currentSchema=" + schema + "&ApplicationName="
                + schema
                + (extra.isEmpty() ? "" : "&" + extra), schema);
    }

    /** Returns the dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** Returns the JDBC URL. */
    public String url() {
        return url;
    }

    /** Returns the PostgreSQL schema (also the connections' application name); empty for H2. */
    public String schema() {
        return schema == null ? "" : schema;
    }

    /** Returns the user to connect as. */
    public String user() {
        return dialect == Dialect.H2 ? "sa" : "postgres";
    }

    /** Opens (and migrates) one more pool on the database; closed with this object. */
    public Database open() {
        return open(8);
    }

    /** Opens one more pool of the given size. */
    public Database open(int poolSize) {
        Database db = Database.open(url, user(), "", poolSize);
        opened.add(db);
        return db;
    }

    @Override
    public void close() {
        for (Database db : opened) {
            db.close();
        }
        try (Connection c = DriverManager.getConnection(dialect == Dialect.H2 ? url : POSTGRES_BASE,
                user(), "");
             Statement s = c.createStatement()) {
            s.execute(dialect == Dialect.H2 ? "SHUTDOWN" : "DROP SCHEMA " + schema + " CASCADE");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
