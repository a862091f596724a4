package dev.oauthrouter.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

import dev.oauthrouter.translate.ChunkSink;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerResponse;

/**
 * Our side of a stream: frames chunks exactly as OpenAI does ({@code data: {json}\n\n}), flushes each
 * at once, and ends with {@code data: [DONE]\n\n}. Headers are committed with the first chunk, so an
 * error before it can still be answered with a real status. A failed write means the client left:
 * the output is marked terminated, further chunks are dropped and the {@code onTerminate} action runs
 * (it closes the upstream response). While the upstream is silent, {@link KeepAlives} writes comment
 * lines from another thread, so writes hold a lock.
 */
final class SseOutput implements ChunkSink {
    private static final byte[] PREFIX = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerResponse res;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile OutputStream out;
    private volatile boolean terminated;
    private volatile long lastWrite = System.nanoTime();
    private volatile Runnable onTerminate = () -> { };
    private int chunks;

    SseOutput(ServerResponse res) {
        this.res = res;
    }

    /** Sets what runs once when the client is found gone (closing the upstream response). */
    void onTerminate(Runnable action) {
        this.onTerminate = action;
    }

    /** Returns the nanoseconds since the last write. */
    long idleFor(long nowNanos) {
        return nowNanos - lastWrite;
    }

    /**
     * Writes a comment line when nothing was written for {@code idleNanos}; a client that left is
     * found this way even while the upstream is silent. Called from the keep-alive timer.
     */
    void keepAlive(long idleNanos) {
        if (terminated || System.nanoTime() - lastWrite < idleNanos || !lock.tryLock()) {
            return;
        }
        try {
            writeLocked(KEEP_ALIVE);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void chunk(byte[] json) {
        byte[] event = new byte[PREFIX.length + json.length + 2];
        System.arraycopy(PREFIX, 0, event, 0, PREFIX.length);
        System.arraycopy(json, 0, event, PREFIX.length, json.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        write(event);
        chunks++;
    }

    /** Writes an error event; the stream ends after it. */
    void error(byte[] envelope) {
        byte[] event = new byte[PREFIX.length + envelope.length + 2];
        System.arraycopy(PREFIX, 0, event, 0, PREFIX.length);
        System.arraycopy(envelope, 0, event, PREFIX.length, envelope.length);
        event[event.length - 2] = '\n';
        event[event.length - 1] = '\n';
        write(event);
    }

    void done() {
        write(DONE);
    }

    /** Returns true once anything was written to the client. */
    boolean started() {
        return out != null;
    }

    /** Returns true when the client went away. */
    boolean terminated() {
        return terminated;
    }

    int chunks() {
        return chunks;
    }

    void close() {
        lock.lock();
        try {
            if (out != null && !terminated) {
                out.close();
            }
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            terminated = true;
        } finally {
            lock.unlock();
        }
    }

    private void write(byte[] bytes) {
        lock.lock();
        try {
            writeLocked(bytes);
        } finally {
            lock.unlock();
        }
    }

    private void writeLocked(byte[] bytes) {
        if (terminated) {
            return;
        }
        try {
            if (out == null) {
                res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8"));
                res.header(HeaderValues.CACHE_NO_CACHE);
                res.header(HeaderNames.create("X-Accel-Buffering"), "no");
                out = res.outputStream();
            }
            out.write(bytes);
            out.flush();
            lastWrite = System.nanoTime();
        } catch (IOException | UncheckedIOException | CloseConnectionException e) {
            // the client closed the connection; Helidon reports it unchecked, as ServerConnectionException
            // wrapping "Broken pipe" (helidon#11653)
            terminated = true;
            onTerminate.run();
        }
    }
}
