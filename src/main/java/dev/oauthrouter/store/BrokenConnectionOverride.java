package dev.oauthrouter.store;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

import com.zaxxer.hikari.SQLExceptionOverride;

/**
 * Tells HikariCP to drop a connection whose driver reported it dead. HikariCP recognizes SQLState
 * class 08 (PostgreSQL uses it), but H2 reports a lost server with its own codes such as 90121 and
 * 90067 as {@link SQLNonTransientConnectionException}; without this the pool would hand out the dead
 * connection again and the router would not recover until restarted.
 */
public final class BrokenConnectionOverride implements SQLExceptionOverride {
    /** Creates the override (HikariCP instantiates it by class name). */
    public BrokenConnectionOverride() {
    }

    @java.lang.Override
    public SQLExceptionOverride.Override adjudicate(SQLException e) {
        return e instanceof SQLNonTransientConnectionException
                ? SQLExceptionOverride.Override.MUST_EVICT
                : SQLExceptionOverride.Override.CONTINUE_EVICT;
    }
}
