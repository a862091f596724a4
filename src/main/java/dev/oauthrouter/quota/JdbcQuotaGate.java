package dev.oauthrouter.quota;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.StoreException;

/**
 * Exact monthly quotas in the database, shared by every router on it.
 *
 * <p>Admission is one conditional UPDATE, {@code used = used + 1 WHERE used < limit}, which the
 * database serializes per row, so N concurrent requests with K messages left admit exactly K on one
 * node or many. The month's row is created on the first request of the month (a second statement,
 * once). A request whose provider fails gives its message back with {@link Admission#release()}.
 * When the database cannot be reached the request is refused with 503; nothing is admitted uncounted.
 */
public final class JdbcQuotaGate implements QuotaGate {
    /** Header: the monthly limit. */
    public static final String LIMIT = "x-ratelimit-limit-requests";
    /** Header: messages left this month. */
    public static final String REMAINING = "x-ratelimit-remaining-requests";
    /** Header: time until the month resets. */
    public static final String RESET = "x-ratelimit-reset-requests";
    /** Limit reported for unlimited plans. */
    static final long UNLIMITED = Long.MAX_VALUE;

    private static final System.Logger LOGGER = System.getLogger(JdbcQuotaGate.class.getName());
    private static final String INSERT_MONTH =
            "INSERT INTO quota_usage (token_id, month_key, used) VALUES (?, ?, 0)";
    private static final String RELEASE = "UPDATE quota_usage SET used = used - 1 "
            + "WHERE token_id = ? AND month_key = ? AND used > 0";

    private final Database database;
    private final Plans plans;
    private final Clock clock;
    private final String reserve;

    /**
     * Creates the gate.
     *
     * @param database the shared database
     * @param plans    plan limits
     * @param clock    clock deciding the month (UTC)
     */
    public JdbcQuotaGate(Database database, Plans plans, Clock clock) {
        this.database = database;
        this.plans = plans;
        this.clock = clock;
        this.reserve = database.dialect().returning("UPDATE quota_usage SET used = used + 1 "
                + "WHERE token_id = ? AND month_key = ? AND used < ?", "used");
    }

    @Override
    public Admission admit(TokenPrincipal token) {
        Instant now = clock.instant();
        MonthWindow window = MonthWindow.of(now);
        OptionalLong planLimit = plans.limit(token.plan()).orElseThrow(() -> ApiException.forbidden(
                "unknown_plan", "The token's plan '" + token.plan() + "' is not configured; "
                        + "ask the owner to change the token's plan"));
        long limit = planLimit.orElse(UNLIMITED);
        long used;
        try (Connection c = database.connection()) {
            used = limit <= 0 ? -1 : reserve(c, token.id(), window.key(), limit);
            if (used < 0 && limit > 0) {
                createMonth(c, token.id(), window.key());
                used = reserve(c, token.id(), window.key(), limit);
            }
        } catch (StoreException | SQLException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Quota reservation failed token=" + token.name()
                    + ": " + e.getMessage());
            throw ApiException.unavailable("store_unavailable",
                    "The quota store is unavailable, so the request was not admitted; try again shortly");
        }
        if (used < 0) {
            throw rejected(token, limit, window, now);
        }
        return new Reservation(token.id(), window.key(), headers(limit, limit - used, window, now));
    }

    @Override
    public Map<String, String> peek(TokenPrincipal token) {
        Instant now = clock.instant();
        MonthWindow window = MonthWindow.of(now);
        long limit = plans.limit(token.plan()).orElse(OptionalLong.of(0)).orElse(UNLIMITED);
        long used = 0;
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT used FROM quota_usage WHERE token_id = ? AND month_key = ?")) {
            ps.setLong(1, token.id());
            ps.setString(2, window.key());
            try (ResultSet rs = ps.executeQuery()) {
                used = rs.next() ? rs.getLong(1) : 0;
            }
        } catch (StoreException | SQLException e) {
            throw ApiException.unavailable("store_unavailable",
                    "The quota store is unavailable; try again shortly");
        }
        return headers(limit, Math.max(0, limit - used), window, now);
    }

    private long reserve(Connection c, long tokenId, String month, long limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(reserve)) {
            ps.setLong(1, tokenId);
            ps.setString(2, month);
            ps.setLong(3, limit);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private static void createMonth(Connection c, long tokenId, String month) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_MONTH)) {
            ps.setLong(1, tokenId);
            ps.setString(2, month);
            ps.executeUpdate();
        } catch (SQLException e) {
            // 23505: another request created the row first, which is just as good
            if (!"23505".equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private ApiException rejected(TokenPrincipal token, long limit, MonthWindow window, Instant now) {
        ApiException e = new ApiException(429, "rate_limit_error", "monthly_limit_reached", null,
                "Monthly limit reached: plan '" + token.plan() + "' allows " + limit
                        + " messages per month. The limit resets at " + window.reset() + ".");
        headers(limit, 0, window, now).forEach(e::header);
        e.header("Retry-After", Long.toString(window.secondsUntilReset(now)));
        return e;
    }

    private static Map<String, String> headers(long limit, long remaining, MonthWindow window, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(LIMIT, Long.toString(limit));
        h.put(REMAINING, Long.toString(limit == UNLIMITED ? UNLIMITED : Math.max(0, remaining)));
        h.put(RESET, window.resetIn(now));
        return Map.copyOf(h);
    }

    private void release(long tokenId, String month) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
            ps.setLong(1, tokenId);
            ps.setString(2, month);
            ps.executeUpdate();
        } catch (StoreException | SQLException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Quota release failed token_id=" + tokenId
                    + "; retrying in the background: " + e.getMessage());
            Thread.ofVirtual().name("quota-release-retry").start(() -> retryRelease(tokenId, month));
        }
    }

    private void retryRelease(long tokenId, String month) {
        for (int attempt = 1; attempt <= 10; attempt++) {
            try {
                Thread.sleep(1_000L * attempt);
            } catch (InterruptedException e) {
                return;
            }
            try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(RELEASE)) {
                ps.setLong(1, tokenId);
                ps.setString(2, month);
                ps.executeUpdate();
                return;
            } catch (StoreException | SQLException e) {
                LOGGER.log(System.Logger.Level.DEBUG, "Quota release retry failed", e);
            }
        }
        LOGGER.log(System.Logger.Level.WARNING, "Quota release gave up token_id=" + tokenId);
    }

    private final class Reservation implements Admission {
        private final long tokenId;
        private final String month;
        private final Map<String, String> headers;
        private final AtomicBoolean released = new AtomicBoolean();

        Reservation(long tokenId, String month, Map<String, String> headers) {
            this.tokenId = tokenId;
            this.month = month;
            this.headers = headers;
        }

        @Override
        public Map<String, String> headers() {
            return headers;
        }

        @Override
        public void release() {
            if (released.compareAndSet(false, true)) {
                try {
                    JdbcQuotaGate.this.release(tokenId, month);
                } catch (RuntimeException e) {
                    LOGGER.log(System.Logger.Level.WARNING, "Quota release failed", e);
                }
            }
        }
    }
}
