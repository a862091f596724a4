package dev.oauthrouter.providers;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Closes upstream bodies that stay silent longer than the idle timeout, so a stalled provider can
 * never hang a request, while a stream that keeps sending has no overall limit. One timer thread
 * checks every open body twice a second.
 */
final class IdleWatchdog {
    private final long idleNanos;
    private final Set<Watched> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "oauthrouter-upstream-idle");
        t.setDaemon(true);
        return t;
    });

    IdleWatchdog(Duration idle) {
        this.idleNanos = idle.toNanos();
        timer.scheduleWithFixedDelay(this::sweep, 500, 500, TimeUnit.MILLISECONDS);
    }

    /** Returns the stream wrapped so that reads count as activity; {@link Watched#close()} unregisters it. */
    Watched watch(InputStream in) {
        Watched w = new Watched(in);
        open.add(w);
        return w;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Watched w : open) {
            if (now - w.lastActivity > idleNanos) {
                w.expired = true;
                w.closeQuietly();
            }
        }
    }

    /** A body stream whose reads are timed. */
    final class Watched extends InputStream {
        private final InputStream in;
        private volatile long lastActivity = System.nanoTime();
        private volatile boolean expired;

        private Watched(InputStream in) {
            this.in = in;
        }

        /** Returns true when the watchdog closed the stream for silence. */
        boolean expired() {
            return expired;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            lastActivity = System.nanoTime();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            lastActivity = System.nanoTime();
            return n;
        }

        @Override
        public void close() throws IOException {
            open.remove(this);
            in.close();
        }

        private void closeQuietly() {
            open.remove(this);
            try {
                in.close();
            } catch (IOException e) {
                // already broken
            }
        }
    }
}
