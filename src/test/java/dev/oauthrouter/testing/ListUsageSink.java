package dev.oauthrouter.testing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.oauthrouter.usage.UsageRecord;
import dev.oauthrouter.usage.UsageSink;

/**
 * A {@link UsageSink} that keeps rows in a list. The router writes a row after the response is
 * finished, so tests wait for it with {@link #awaitRow(String, Duration)}.
 */
public final class ListUsageSink implements UsageSink {
    private final List<UsageRecord> rows = new CopyOnWriteArrayList<>();

    @Override
    public void record(UsageRecord record) {
        rows.add(record);
    }

    /** Returns the rows written so far. */
    public List<UsageRecord> rows() {
        return List.copyOf(rows);
    }

    /** Returns the row of a request id, waiting up to {@code timeout} for it to be written. */
    public UsageRecord awaitRow(String requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (UsageRecord r : rows) {
                if (r.requestId().equals(requestId)) {
                    return r;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no usage row for request " + requestId + " after " + timeout
                        + "; rows: " + rows);
            }
            sleep();
        }
    }

    /** Returns the only row, waiting up to {@code timeout} for one to be written. */
    public UsageRecord awaitSingle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (rows.isEmpty() && System.nanoTime() < deadline) {
            sleep();
        }
        if (rows.size() != 1) {
            throw new AssertionError("expected one usage row, got " + rows);
        }
        return rows.getFirst();
    }

    private static void sleep() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
