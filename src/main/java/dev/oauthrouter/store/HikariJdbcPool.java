package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import io.helidon.dbclient.DbClientException;
import io.helidon.dbclient.jdbc.CloseableJdbcConnectionPool;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Helidon's JDBC pool contract over a HikariCP data source (helidon-dbclient-hikari is not served at
 * our Helidon version). Connections come through the {@link Database}'s gate so that virtual threads
 * never pile up inside Hikari's bag (HikariCP#2398).
 */
final class HikariJdbcPool implements CloseableJdbcConnectionPool {
    private final HikariDataSource hikari;
    private final DataSource gated;
    private final Dialect dialect;

    HikariJdbcPool(HikariDataSource hikari, DataSource gated, Dialect dialect) {
        this.hikari = hikari;
        this.gated = gated;
        this.dialect = dialect;
    }

    @Override
    public Connection connection() {
        try {
            return gated.getConnection();
        } catch (SQLException e) {
            throw new DbClientException("Failed to get a database connection", e);
        }
    }

    @Override
    public String dbType() {
        return dialect.dbType();
    }

    @Override
    public void close() {
        hikari.close();
    }
}
