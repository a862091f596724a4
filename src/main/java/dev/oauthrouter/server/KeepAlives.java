package dev.oauthrouter.server;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends an SSE comment on every open stream that has been silent for a second. Clients ignore
 * comments; the write tells us when a client has left while the provider is still thinking, so its
 * upstream request is closed at once instead of at the provider's next event, and it keeps idle
 * proxies from cutting long silences. One timer thread finds the silent streams; each write runs on
 * its own virtual thread, so a slow client never delays the others.
 */
final class KeepAlives {
    private static final long IDLE = Duration.ofSeconds(1).toNanos();

    private final Set<SseOutput> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "oauthrouter-keep-alive");
        t.setDaemon(true);
        return t;
    });

    KeepAlives() {
        timer.scheduleWithFixedDelay(this::tick, 500, 500, TimeUnit.MILLISECONDS);
    }

    void add(SseOutput output) {
        open.add(output);
    }

    void remove(SseOutput output) {
        open.remove(output);
    }

    private void tick() {
        long now = System.nanoTime();
        for (SseOutput output : open) {
            // only silent streams get a writer; a stream that is flowing costs nothing here
            if (output.idleFor(now) >= IDLE) {
                writers.execute(() -> output.keepAlive(IDLE));
            }
        }
    }
}
