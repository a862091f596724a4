package dev.oauthrouter.store;

/**
 * The SQL dialects the store runs on. Most statements are shared; the few that differ (reading the
 * new value of an UPDATE) switch on this.
 */
public enum Dialect {
    /** Embedded H2 (single node). */
    H2,
    /** PostgreSQL (one or more routers sharing the database). */
    POSTGRESQL;

    /**
     * Returns the dialect of a JDBC URL.
     *
     * @throws IllegalArgumentException for any other database
     */
    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("database url must start with jdbc:h2: or jdbc:postgresql:");
    }

    /** Returns the JDBC prefix Helidon reports as the db type. */
    public String dbType() {
        return this == H2 ? "jdbc:h2" : "jdbc:postgresql";
    }

    /**
     * Wraps {@code UPDATE ... } so that it yields the updated rows' {@code column}: PostgreSQL appends
     * {@code RETURNING}, H2 selects from the {@code FINAL TABLE} of the change.
     */
    public String returning(String update, String column) {
        return this == POSTGRESQL
                ? update + " RETURNING " + column
                : "SELECT " + column + " FROM FINAL TABLE (" + update + ")";
    }
}
