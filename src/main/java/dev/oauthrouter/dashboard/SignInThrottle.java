package dev.oauthrouter.dashboard;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down guessing of the admin key: per client address, the first {@value #FREE_FAILURES} failed
 * sign-ins cost nothing, then each further failure locks the address out for a doubling time (1 s, 2 s,
 * 4 s, ... up to {@link #MAX_LOCKOUT}). A successful sign-in clears the address; an address with no
 * failure for {@link #FORGET_AFTER} is forgotten.
 */
public final class SignInThrottle {
    /** Failures allowed before lockouts start. */
    public static final int FREE_FAILURES = 3;
    /** Longest lockout. */
    public static final Duration MAX_LOCKOUT = Duration.ofMinutes(15);
    /** When an address's failures are forgotten. */
    public static final Duration FORGET_AFTER = Duration.ofHours(1);

    private static final int MAX_TRACKED = 10_000;

    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** Creates a throttle reading time from the clock. */
    public SignInThrottle(Clock clock) {
        this.clock = clock;
    }

    /** Returns how long the address must still wait before it may try again, if it is locked out. */
    public Optional<Duration> lockedFor(String address) {
        Failures f = failures.get(address);
        Instant now = clock.instant();
        if (f == null || !now.isBefore(f.lockedUntil())) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.lockedUntil()));
    }

    /** Records a failed sign-in from the address. */
    public void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> now.isAfter(f.last().plus(FORGET_AFTER)));
        }
        failures.compute(address, (k, f) -> {
            int count = f == null || now.isAfter(f.last().plus(FORGET_AFTER)) ? 1 : f.count() + 1;
            Instant lockedUntil = now;
            if (count > FREE_FAILURES) {
                long seconds = 1L << Math.min(count - FREE_FAILURES - 1, 20);
                lockedUntil = now.plus(Duration.ofSeconds(seconds).compareTo(MAX_LOCKOUT) > 0
                        ? MAX_LOCKOUT : Duration.ofSeconds(seconds));
            }
            return new Failures(count, now, lockedUntil);
        });
    }

    /** Forgets the address's failures after a successful sign-in. */
    public void succeeded(String address) {
        failures.remove(address);
    }

    private record Failures(int count, Instant last, Instant lockedUntil) {
    }
}
