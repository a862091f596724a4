package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

import javax.sql.DataSource;

import io.helidon.dbclient.DbClient;
import io.helidon.dbclient.jdbc.JdbcClientBuilder;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * The router's database: a HikariCP pool behind a semaphore gate, a Helidon {@link DbClient} over it,
 * and the Flyway migrations under {@code db/migration} applied on open. Works on embedded H2 and on
 * PostgreSQL; several routers may share one PostgreSQL database.
 *
 * <p>Connections are short-lived: take one, run a statement or a small transaction, close it. Never
 * hold one across upstream IO.
 */
public final class Database implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(Database.class.getName());
    /** How long a caller waits for a free connection before the store counts as unavailable. */
    private static final long CONNECTION_TIMEOUT_MILLIS = 2_000;

    private final HikariDataSource hikari;
    private final GatedDataSource gated;
    private final Dialect dialect;
    private final DbClient dbClient;

    private Database(HikariDataSource hikari, Dialect dialect, int poolSize) {
        this.hikari = hikari;
        this.dialect = dialect;
        this.gated = new GatedDataSource(hikari, poolSize, CONNECTION_TIMEOUT_MILLIS);
        this.dbClient = JdbcClientBuilder.create()
                .connectionPool(new HikariJdbcPool(hikari, gated, dialect))
                .build();
    }

    /**
     * Opens the pool and migrates the schema to the latest version.
     *
     * @param jdbcUrl  {@code jdbc:h2:...} or {@code jdbc:postgresql:...}
     * @param user     database user, may be null for H2
     * @param password database password, may be null
     * @param poolSize maximum number of connections (and of concurrent callers)
     * @return the open database
     * @throws StoreException when the database cannot be reached or migrated
     */
    public static Database open(String jdbcUrl, String user, String password, int poolSize) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl == null");
        if (poolSize < 1) {
            throw new IllegalArgumentException("poolSize must be at least 1");
        }
        Dialect dialect = Dialect.of(jdbcUrl);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(shareable(jdbcUrl));
        if (user != null && !user.isEmpty()) {
            config.setUsername(user);
        }
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setPoolName("oauthrouter-db");
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(Math.min(2, poolSize));
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(1_000);
        config.setAutoCommit(true);
        config.setExceptionOverrideClassName(BrokenConnectionOverride.class.getName());
        HikariDataSource hikari;
        try {
            hikari = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new StoreException("Cannot connect to the database at " + redact(jdbcUrl), e);
        }
        Database database = new Database(hikari, dialect, poolSize);
        try {
            migrate(shareable(jdbcUrl), user, password);
        } catch (RuntimeException e) {
            database.close();
            throw new StoreException("Cannot migrate the database at " + redact(jdbcUrl), e);
        }
        LOGGER.log(System.Logger.Level.INFO, "Database ready dialect=" + dialect + " pool=" + poolSize);
        return database;
    }

    private static void migrate(String jdbcUrl, String user, String password) {
        // Flyway gets its own connections: it holds two at once, more than a small pool may have
        Flyway.configure()
                .dataSource(jdbcUrl, user == null ? "" : user, password == null ? "" : password)
                .locations("classpath:db/migration")
                .load()
                .migrate();
    }

    /** Returns the dialect. */
    public Dialect dialect() {
        return dialect;
    }

    /** Returns the Helidon database client over the gated pool. */
    public DbClient dbClient() {
        return dbClient;
    }

    /** Returns the gated data source; close every connection taken from it promptly. */
    public DataSource dataSource() {
        return gated;
    }

    /**
     * Returns a connection from the gated pool (auto-commit on).
     *
     * @throws StoreException when none is available within the connection timeout
     */
    public Connection connection() {
        try {
            return gated.getConnection();
        } catch (SQLException e) {
            throw new StoreException("Database unavailable", e);
        }
    }

    /** Closes the pool. */
    @Override
    public void close() {
        hikari.close();
    }

    /**
     * Returns an H2 file URL with {@code AUTO_SERVER=TRUE}, so that the CLI can change tokens while a
     * router has the database open (the first process serves the file to the others over a local
     * socket). Other URLs are returned unchanged, as is a URL that sets AUTO_SERVER itself.
     */
    static String shareable(String jdbcUrl) {
        String lower = jdbcUrl.toLowerCase(java.util.Locale.ROOT);
        if (!lower.startsWith("jdbc:h2:") || lower.startsWith("jdbc:h2:mem:")
                || lower.startsWith("jdbc:h2:tcp:")
                || lower.startsWith("jdbc:h2:ssl:") || lower.startsWith("jdbc:h2:zip:")
                || lower.contains("auto_server=")) {
            return jdbcUrl;
        }
        return jdbcUrl + ";AUTO_SERVER=TRUE";
    }

    /** Returns the URL without query parameters, which may carry a password. */
    static String redact(String jdbcUrl) {
        int cut = jdbcUrl.indexOf('?');
        int semi = jdbcUrl.indexOf(';');
        if (semi >= 0 && (cut < 0 || semi < cut)) {
            cut = semi;
        }
        return cut < 0 ? jdbcUrl : jdbcUrl.substring(0, cut);
    }
}
