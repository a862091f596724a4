package dev.oauthrouter.quota;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;

/**
 * The calendar month (UTC) an instant falls in, and when it ends.
 *
 * @param key   month key as stored, {@code yyyy-MM}
 * @param reset first instant of the next month
 */
public record MonthWindow(String key, Instant reset) {
    /** Returns the window containing {@code now}. */
    public static MonthWindow of(Instant now) {
        YearMonth month = YearMonth.from(now.atOffset(ZoneOffset.UTC));
        return new MonthWindow(month.toString(),
                month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }

    /** Returns whole seconds from {@code now} until the reset, at least 1. */
    public long secondsUntilReset(Instant now) {
        long millis = Duration.between(now, reset).toMillis();
        return Math.max(1, (millis + 999) / 1000);
    }

    /** Returns the time until reset in OpenAI's header style, e.g. {@code 27d3h4m5s}. */
    public String resetIn(Instant now) {
        long s = secondsUntilReset(now);
        StringBuilder sb = new StringBuilder();
        long days = s / 86_400;
        long hours = s % 86_400 / 3_600;
        long minutes = s % 3_600 / 60;
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (days > 0 || hours > 0) {
            sb.append(hours).append('h');
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            sb.append(minutes).append('m');
        }
        return sb.append(s % 60).append('s').toString();
    }
}
