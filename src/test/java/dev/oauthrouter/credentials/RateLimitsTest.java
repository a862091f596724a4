package dev.oauthrouter.credentials;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitsTest {
    private static final Instant NOW = Instant.parse("2026-05-01T10:00:00Z");

    private static Optional<Duration> wait(Map<String, String> headers) {
        return RateLimits.retryAfter(name -> Optional.ofNullable(headers.get(name)), NOW);
    }

    @Test
    void retry_after_seconds_date_and_ms() {
        assertThat(wait(Map.of("retry-after", "30"))).contains(Duration.ofSeconds(30));
        assertThat(wait(Map.of("retry-after", "Fri, 01 May 2026 10:01:00 GMT")))
                .contains(Duration.ofMinutes(1));
        assertThat(wait(Map.of("retry-after-ms", "1500", "retry-after", "30")))
                .contains(Duration.ofMillis(1500));
    }

    @Test
    void reset_headers_take_the_latest() {
        assertThat(wait(Map.of("x-ratelimit-reset-requests", "6m0s", "x-ratelimit-reset-tokens", "20ms")))
                .contains(Duration.ofMinutes(6));
        assertThat(wait(Map.of("anthropic-ratelimit-requests-reset", "2026-05-01T10:00:45Z")))
                .contains(Duration.ofSeconds(45));
        assertThat(wait(Map.of("x-ratelimit-reset", Long.toString(NOW.getEpochSecond() + 90))))
                .contains(Duration.ofSeconds(90));
    }

    @Test
    void garbage_and_absence_give_nothing() {
        assertThat(wait(Map.of())).isEmpty();
        assertThat(wait(Map.of("retry-after", "soon", "x-ratelimit-reset-requests", "1x"))).isEmpty();
    }
}
