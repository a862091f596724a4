package dev.oauthrouter.usage;

import java.util.List;

/**
 * Usage of one month (UTC), optionally for one token.
 *
 * @param month      month, {@code yyyy-MM}
 * @param totals     sums over the month
 * @param byDay      per day ({@code yyyy-MM-dd}), ordered by day
 * @param byModel    per model ({@code provider/model}), most requests first
 * @param byToken    per token name, most requests first
 * @param byDayModel per day and model, ordered by day then model
 */
public record UsageReport(String month,
                          UsageCounts totals,
                          List<Row> byDay,
                          List<Row> byModel,
                          List<Row> byToken,
                          List<DayModel> byDayModel) {
    /** Copies the lists. */
    public UsageReport {
        byDay = List.copyOf(byDay);
        byModel = List.copyOf(byModel);
        byToken = List.copyOf(byToken);
        byDayModel = List.copyOf(byDayModel);
    }

    /**
     * One grouped row.
     *
     * @param key    the day, model or token name
     * @param counts the sums
     */
    public record Row(String key, UsageCounts counts) {
    }

    /**
     * One day and model.
     *
     * @param day    {@code yyyy-MM-dd}
     * @param model  {@code provider/model}
     * @param counts the sums
     */
    public record DayModel(String day, String model, UsageCounts counts) {
    }
}
