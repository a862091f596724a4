package dev.oauthrouter.usage;

/**
 * Accepts usage rows. Implementations must not block the caller on IO (queue and batch instead) and
 * must not lose an accepted row on a graceful stop.
 */
public interface UsageSink {
    /** Accepts one row. */
    void record(UsageRecord record);
}
