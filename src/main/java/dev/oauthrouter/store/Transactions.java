package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.SQLException;

/** Runs JDBC work as one transaction on a connection. */
public final class Transactions {
    private Transactions() {
    }

    /**
     * JDBC work that returns a result.
     *
     * @param <T> the result type
     */
    @FunctionalInterface
    public interface SqlWork<T> {
        /** Runs the work. */
        T run() throws SQLException;
    }

    /**
     * Runs the work with auto-commit off and commits it; any failure rolls it back and is rethrown.
     * Auto-commit is switched on again in every case.
     */
    public static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
        c.setAutoCommit(false);
        try {
            T result = work.run();
            c.commit();
            return result;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
    }
}
