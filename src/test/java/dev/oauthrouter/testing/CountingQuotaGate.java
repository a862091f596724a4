package dev.oauthrouter.testing;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.quota.QuotaGate;

/**
 * A {@link QuotaGate} that admits everything (or refuses with a 429 when told to) and counts
 * admissions and releases.
 */
public final class CountingQuotaGate implements QuotaGate {
    private final AtomicInteger admits = new AtomicInteger();
    private final AtomicInteger releases = new AtomicInteger();
    private volatile boolean exhausted;

    /** Makes every later admission fail with 429 {@code monthly_limit_reached}. */
    public void exhaust() {
        exhausted = true;
    }

    /** Admits again after {@link #exhaust()}. */
    public void refill() {
        exhausted = false;
    }

    /** Returns how many requests were admitted. */
    public int admits() {
        return admits.get();
    }

    /** Returns how many admissions were given back. */
    public int releases() {
        return releases.get();
    }

    @Override
    public Admission admit(TokenPrincipal token) {
        if (exhausted) {
            throw new ApiException(429, "rate_limit_error", "monthly_limit_reached", null,
                    "Token '" + token.name() + "' used its monthly messages.").header("Retry-After", "3600");
        }
        admits.incrementAndGet();
        AtomicBoolean released = new AtomicBoolean();
        return new Admission() {
            @Override
            public Map<String, String> headers() {
                return Map.of("x-ratelimit-limit-requests", "5000");
            }

            @Override
            public void release() {
                if (released.compareAndSet(false, true)) {
                    releases.incrementAndGet();
                }
            }
        };
    }
}
