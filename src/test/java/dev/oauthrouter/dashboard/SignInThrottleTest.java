package dev.oauthrouter.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignInThrottleTest {
    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final SignInThrottle throttle = new SignInThrottle(clock);

    @Test
    void lockouts_start_after_the_free_failures_and_double_up_to_the_cap() {
        for (int i = 0; i < SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
            assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();
        }
        long expected = 1;
        for (int i = 0; i < 14; i++) {
            throttle.failed("10.0.0.1");
            Duration wait = throttle.lockedFor("10.0.0.1").orElseThrow();
            long cap = SignInThrottle.MAX_LOCKOUT.toSeconds();
            assertThat(wait).isEqualTo(Duration.ofSeconds(Math.min(expected, cap)));
            expected *= 2;
            now = now.plus(wait);
            assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();
        }
        assertThat(throttle.lockedFor("10.0.0.2")).as("other addresses are not affected").isEmpty();
    }

    @Test
    void success_and_a_quiet_hour_forget_the_failures() {
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
        }
        assertThat(throttle.lockedFor("10.0.0.1")).isPresent();
        throttle.succeeded("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).isEmpty();
        for (int i = 0; i <= SignInThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
        }
        now = now.plus(SignInThrottle.FORGET_AFTER).plusSeconds(1);
        throttle.failed("10.0.0.1");
        assertThat(throttle.lockedFor("10.0.0.1")).as("counting starts again").isEmpty();
    }
}
