package dev.oauthrouter.usage;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.StoreException;

/**
 * Usage reports from {@code usage_event}: totals, per day, per model, per token and per day and model
 * for one month.
 */
public final class UsageReports {
    private static final String SUMS = "COUNT(*), COALESCE(SUM(e.prompt_tokens), 0), "
            + "COALESCE(SUM(e.completion_tokens), 0)";

    private final Database database;

    /** Creates the reports. */
    public UsageReports(Database database) {
        this.database = database;
    }

    /** Returns the month's report over all tokens. */
    public UsageReport month(String monthKey) {
        return report(monthKey, -1);
    }

    /** Returns the month's report for one token id. */
    public UsageReport month(String monthKey, long tokenId) {
        return report(monthKey, tokenId);
    }

    private UsageReport report(String monthKey, long tokenId) {
        String from = " FROM usage_event e JOIN router_token t ON t.id = e.token_id WHERE e.month_key = ?"
                + (tokenId >= 0 ? " AND e.token_id = ?" : "");
        try (Connection c = database.connection()) {
            List<UsageReport.Row> totals = rows(c, "SELECT 'all', " + SUMS + from, monthKey, tokenId);
            List<UsageReport.Row> byDay = rows(c, "SELECT e.usage_day, " + SUMS + from
                    + " GROUP BY e.usage_day ORDER BY e.usage_day", monthKey, tokenId);
            List<UsageReport.Row> byModel = rows(c, "SELECT e.provider, e.model, " + SUMS + from
                    + " GROUP BY e.provider, e.model ORDER BY 3 DESC, 1, 2", monthKey, tokenId);
            List<UsageReport.Row> byToken = rows(c, "SELECT t.name, " + SUMS + from
                    + " GROUP BY t.name ORDER BY 2 DESC, 1", monthKey, tokenId);
            List<UsageReport.Row> byDayModel = rows(c,
                    "SELECT e.usage_day, e.provider, e.model, " + SUMS + from
                    + " GROUP BY e.usage_day, e.provider, e.model ORDER BY 1, 2, 3", monthKey, tokenId);
            List<UsageReport.DayModel> dayModels = new ArrayList<>();
            for (UsageReport.Row r : byDayModel) {
                int cut = r.key().indexOf(' ');
                dayModels.add(new UsageReport.DayModel(r.key().substring(0, cut), r.key().substring(cut + 1),
                        r.counts()));
            }
            return new UsageReport(monthKey, totals.getFirst().counts(), byDay, byModel, byToken, dayModels);
        } catch (SQLException e) {
            throw new StoreException("Cannot read usage", e);
        }
    }

    /**
     * Runs a grouped query whose leading columns (1 to 3) form the key: a day, a name, or
     * provider and model (joined with '/'), or day, provider and model (day, space, provider/model).
     */
    private static List<UsageReport.Row> rows(Connection c, String sql, String monthKey, long tokenId)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, monthKey);
            if (tokenId >= 0) {
                ps.setLong(2, tokenId);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int keys = rs.getMetaData().getColumnCount() - 3;
                List<UsageReport.Row> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new UsageReport.Row(key(rs, keys), new UsageCounts(rs.getLong(keys + 1),
                            rs.getLong(keys + 2), rs.getLong(keys + 3))));
                }
                return out;
            }
        }
    }

    private static String key(ResultSet rs, int keys) throws SQLException {
        Object first = rs.getObject(1);
        String head = first instanceof Date d ? d.toLocalDate().toString()
                : first instanceof java.time.LocalDate ld ? ld.toString() : String.valueOf(first);
        return switch (keys) {
            case 1 -> head;
            case 2 -> head + "/" + rs.getString(2);
            default -> head + " " + rs.getString(2) + "/" + rs.getString(3);
        };
    }
}
