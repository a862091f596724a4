package dev.oauthrouter.credentials;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long to wait after a 429 from the headers providers send.
 *
 * <p>{@code Retry-After-Ms} and {@code Retry-After} (seconds or HTTP date) win; otherwise the latest
 * of the reset headers: OpenAI-style {@code x-ratelimit-reset-requests}/{@code -tokens} durations
 * ({@code 6m0s}, {@code 20ms}), Anthropic {@code anthropic-ratelimit-*-reset} RFC 3339 times, and
 * {@code x-ratelimit-reset} epoch seconds (GitHub).
 */
public final class RateLimits {
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final List<String> DURATION_HEADERS = List.of("x-ratelimit-reset-requests",
            "x-ratelimit-reset-tokens");
    private static final List<String> TIME_HEADERS = List.of("anthropic-ratelimit-unified-reset",
            "anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset",
                    "x-ratelimit-reset");

    private RateLimits() {
    }

    /**
     * Returns the wait the headers ask for.
     *
     * @param header lookup of a header by lower-case name
     * @param now    current time (for dates and epoch values)
     */
    public static Optional<Duration> retryAfter(Function<String, Optional<String>> header, Instant now) {
        Optional<Duration> ms = header.apply("retry-after-ms").flatMap(RateLimits::millis);
        if (ms.isPresent()) {
            return ms;
        }
        Optional<Duration> ra = header.apply("retry-after").flatMap(v -> retryAfterValue(v, now));
        if (ra.isPresent()) {
            return ra;
        }
        Duration best = null;
        for (String name : DURATION_HEADERS) {
            Optional<Duration> d = header.apply(name).flatMap(RateLimits::goDuration);
            if (d.isPresent() && (best == null || d.get().compareTo(best) > 0)) {
                best = d.get();
            }
        }
        for (String name : TIME_HEADERS) {
            Optional<Duration> d = header.apply(name).flatMap(v -> until(v, now));
            if (d.isPresent() && (best == null || d.get().compareTo(best) > 0)) {
                best = d.get();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Parses a {@code Retry-After} value: delta seconds or an HTTP date. */
    public static Optional<Duration> retryAfterValue(String value, Instant now) {
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
        }
        if (v.matches("\\d{1,9}\\.\\d+")) {
            return Optional.of(Duration.ofMillis((long) (Double.parseDouble(v) * 1000)));
        }
        try {
            Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            return Optional.of(nonNegative(Duration.between(now, at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> millis(String v) {
        String t = v.trim();
        return t.matches("\\d{1,12}") ? Optional.of(Duration.ofMillis(Long.parseLong(t))) : Optional.empty();
    }

    private static Optional<Duration> goDuration(String v) {
        Matcher m = GO_DURATION.matcher(v.trim());
        double totalMs = 0;
        int end = 0;
        boolean any = false;
        while (m.find()) {
            if (m.start() != end) {
                return Optional.empty();
            }
            double n = Double.parseDouble(m.group(1));
            totalMs += switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1000;
            default -> n;
            };
            end = m.end();
            any = true;
        }
        return any && end == v.trim().length() ? Optional.of(Duration.ofMillis((long) totalMs))
                : Optional.empty();
    }

    private static Optional<Duration> until(String v, Instant now) {
        String t = v.trim();
        if (t.matches("\\d{9,11}")) {
            return Optional.of(nonNegative(Duration.between(now, Instant.ofEpochSecond(Long.parseLong(t)))));
        }
        try {
            return Optional.of(nonNegative(Duration.between(now, OffsetDateTime.parse(t).toInstant())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static Duration nonNegative(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
