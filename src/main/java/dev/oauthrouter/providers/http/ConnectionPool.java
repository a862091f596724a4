package dev.oauthrouter.providers.http;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Idle keep-alive connections per {@code scheme://host:port}. Each host has a lock-free deque used as
 * a stack: the most recently used connection is handed out first, so the oldest ones age out at the
 * tail. Connections idle longer than the limit are closed instead of reused.
 */
final class ConnectionPool {
    private final ConcurrentHashMap<String, Host> hosts = new ConcurrentHashMap<>();
    private final int maxIdlePerHost;
    private final long maxIdleNanos;

    ConnectionPool(int maxIdlePerHost, Duration maxIdle) {
        this.maxIdlePerHost = maxIdlePerHost;
        this.maxIdleNanos = maxIdle.toNanos();
    }

    /** Takes the freshest usable idle connection to the host, or returns null when there is none. */
    Http1Connection take(String key) {
        Host host = hosts.get(key);
        if (host == null) {
            return null;
        }
        long now = System.nanoTime();
        Http1Connection c;
        while ((c = host.idle.pollFirst()) != null) {
            host.count.decrementAndGet();
            if (now - c.idleSince() <= maxIdleNanos && !c.socket().isClosed()) {
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Parks a connection whose response was read to the end, or closes it when the host has enough. */
    void release(Http1Connection connection) {
        Host host = hosts.computeIfAbsent(connection.key(), k -> new Host());
        if (host.count.incrementAndGet() > maxIdlePerHost) {
            host.count.decrementAndGet();
            connection.close();
            return;
        }
        host.idle.offerFirst(connection.idle());
        evictStale(host);
    }

    /** Closes every idle connection. */
    void closeAll() {
        for (Host host : hosts.values()) {
            Http1Connection c;
            while ((c = host.idle.pollFirst()) != null) {
                host.count.decrementAndGet();
                c.close();
            }
        }
    }

    /** Returns the number of idle connections parked for the host. */
    int idleCount(String key) {
        Host host = hosts.get(key);
        return host == null ? 0 : host.count.get();
    }

    private void evictStale(Host host) {
        long now = System.nanoTime();
        Http1Connection oldest;
        while ((oldest = host.idle.peekLast()) != null && now - oldest.idleSince() > maxIdleNanos) {
            if (host.idle.removeLastOccurrence(oldest)) {
                host.count.decrementAndGet();
                oldest.close();
            }
        }
    }

    private static final class Host {
        private final ConcurrentLinkedDeque<Http1Connection> idle = new ConcurrentLinkedDeque<>();
        private final AtomicInteger count = new AtomicInteger();
    }
}
