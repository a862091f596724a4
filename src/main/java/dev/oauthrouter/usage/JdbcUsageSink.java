package dev.oauthrouter.usage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.StoreException;
import dev.oauthrouter.store.Transactions;

/**
 * Writes usage rows in the background: {@link #record} only queues (bounded), and one writer thread
 * inserts in batches, then moves the tokens' last-used times forward. A failed batch is retried, not
 * dropped. {@link #close()} stops accepting, drains the queue and waits for the writer, so nothing
 * accepted is lost on a graceful stop.
 *
 * <p>When the queue is full (the database is down or far too slow), {@link #record} waits up to the
 * offer timeout and then drops the row with a warning: a request is never held up for long by
 * reporting. Quotas do not depend on these rows.
 */
public final class JdbcUsageSink implements UsageSink, AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(JdbcUsageSink.class.getName());
    private static final String INSERT = "INSERT INTO usage_event (request_id, token_id, provider, model, "
            + "status, prompt_tokens, completion_tokens, reasoning_tokens, cached_tokens, latency_ms, "
            + "streamed, abandoned, created_at, usage_day, month_key) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private final Database database;
    private final JdbcTokenStore tokens;
    private final BlockingQueue<UsageRecord> queue;
    private final int batchSize;
    private final Duration offerTimeout;
    private final Thread writer;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    /**
     * Creates the sink and starts its writer.
     *
     * @param database     database
     * @param capacity     queue bound, e.g. 10 000
     * @param batchSize    rows per insert batch, e.g. 200
     * @param offerTimeout longest wait when the queue is full
     */
    public JdbcUsageSink(Database database, int capacity, int batchSize, Duration offerTimeout) {
        this.database = database;
        this.tokens = new JdbcTokenStore(database);
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.batchSize = batchSize;
        this.offerTimeout = offerTimeout;
        this.writer = Thread.ofVirtual().name("usage-writer").start(this::run);
    }

    /** Creates a sink with a 10 000-row queue, batches of 200 and a 1 s offer timeout. */
    public static JdbcUsageSink create(Database database) {
        return new JdbcUsageSink(database, 10_000, 200, Duration.ofSeconds(1));
    }

    @Override
    public void record(UsageRecord record) {
        if (closed) {
            // late rows after shutdown began are written directly rather than lost
            try {
                write(List.of(record));
            } catch (StoreException e) {
                drop(e.getMessage());
            }
            return;
        }
        try {
            if (!queue.offer(record, offerTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                drop("queue full");
                return;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            drop("interrupted");
            return;
        }
        if (closed && !writer.isAlive()) {
            // shutdown raced with this call and the writer is gone: write what is left ourselves
            flushLeftovers();
        }
    }

    private void flushLeftovers() {
        List<UsageRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            try {
                write(rest);
            } catch (RuntimeException e) {
                rest.forEach(r -> drop(e.getMessage()));
            }
        }
    }

    /** Returns how many rows were written so far. */
    public long written() {
        return written.get();
    }

    /** Returns how many rows were dropped because the queue stayed full. */
    public long dropped() {
        return dropped.get();
    }

    private void drop(String why) {
        long n = dropped.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            LOGGER.log(System.Logger.Level.WARNING, "Usage rows dropped count=" + n + " reason=" + why);
        }
    }

    private void run() {
        List<UsageRecord> batch = new ArrayList<>(batchSize);
        while (true) {
            try {
                UsageRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, batchSize - 1);
                writeWithRetry(batch);
                batch.clear();
            } catch (InterruptedException e) {
                if (!closed) {
                    return;
                }
            }
        }
    }

    private void writeWithRetry(List<UsageRecord> batch) throws InterruptedException {
        long backoff = 200;
        while (true) {
            try {
                write(batch);
                return;
            } catch (RuntimeException e) {
                LOGGER.log(System.Logger.Level.WARNING, "Usage batch write failed rows=" + batch.size()
                        + ": " + e.getMessage());
            }
            // tell a bad row (dropped) from an unreachable database (whole batch kept and retried)
            List<UsageRecord> failed = new ArrayList<>();
            for (UsageRecord r : batch) {
                try {
                    write(List.of(r));
                } catch (RuntimeException e) {
                    failed.add(r);
                }
            }
            if (failed.size() < batch.size()) {
                failed.forEach(r -> drop("row rejected by the database"));
                return;
            }
            Thread.sleep(backoff);
            backoff = Math.min(backoff * 2, 5_000);
        }
    }

    private void write(List<UsageRecord> batch) {
        Map<Long, Instant> lastUsed = new HashMap<>();
        try (Connection c = database.connection()) {
            Transactions.inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                    for (UsageRecord r : batch) {
                        bind(ps, r);
                        ps.addBatch();
                        lastUsed.merge(r.tokenId(), at(r), (a, b) -> a.isAfter(b) ? a : b);
                    }
                    ps.executeBatch();
                }
                return null;
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot write usage rows", e);
        }
        written.addAndGet(batch.size());
        try {
            tokens.touch(lastUsed);
        } catch (StoreException e) {
            LOGGER.log(System.Logger.Level.DEBUG, "Last-use update failed", e);
        }
    }

    private static void bind(PreparedStatement ps, UsageRecord r) throws SQLException {
        Usage u = r.usage() == null ? Usage.UNKNOWN : r.usage();
        Instant at = at(r);
        ps.setString(1, clip(r.requestId(), 64));
        ps.setLong(2, r.tokenId());
        ps.setString(3, clip(r.provider() == null ? "" : r.provider(), 64));
        ps.setString(4, clip(r.model() == null ? "" : r.model(), 255));
        ps.setInt(5, r.status());
        count(ps, 6, u.promptTokens());
        count(ps, 7, u.completionTokens());
        count(ps, 8, u.reasoningTokens());
        count(ps, 9, u.cachedTokens());
        ps.setLong(10, Math.max(0, r.latencyMillis()));
        ps.setBoolean(11, r.streamed());
        ps.setBoolean(12, r.abandoned());
        ps.setObject(13, at.atOffset(ZoneOffset.UTC));
        LocalDate day = LocalDate.ofInstant(at, ZoneOffset.UTC);
        ps.setObject(14, day);
        ps.setString(15, day.toString().substring(0, 7));
    }

    private static void count(PreparedStatement ps, int index, long value) throws SQLException {
        if (value < 0) {
            ps.setNull(index, Types.BIGINT);
        } else {
            ps.setLong(index, value);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static Instant at(UsageRecord r) {
        return r.at() == null ? Instant.now() : r.at();
    }

    /** Stops accepting rows into the queue, writes everything queued and waits for the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            if (!writer.join(Duration.ofSeconds(30))) {
                LOGGER.log(System.Logger.Level.WARNING, "Usage writer did not finish within 30 s; rows left="
                        + queue.size());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!writer.isAlive()) {
            flushLeftovers();
        }
    }
}
