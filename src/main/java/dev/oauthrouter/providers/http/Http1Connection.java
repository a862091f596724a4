package dev.oauthrouter.providers.http;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;

/**
 * One open socket to an upstream host with its buffered streams. A connection is owned by one request
 * at a time: it is taken from the pool, used, and either returned to the pool or closed.
 */
final class Http1Connection {
    private final String key;
    private final Socket socket;
    private final SocketInput in;
    private final OutputStream out;
    private final boolean reused;
    private final long idleSince;

    private Http1Connection(String key, Socket socket, SocketInput in, OutputStream out, boolean reused,
                            long idleSince) {
        this.key = key;
        this.socket = socket;
        this.in = in;
        this.out = out;
        this.reused = reused;
        this.idleSince = idleSince;
    }

    /** Wraps a freshly connected socket. */
    static Http1Connection open(String key, Socket socket) throws IOException {
        return new Http1Connection(key, socket, new SocketInput(socket.getInputStream()),
                new BufferedOutputStream(socket.getOutputStream(), 4 * 1024), false, 0);
    }

    /** Returns the same socket marked as idle from now on, to be parked in the pool. */
    Http1Connection idle() {
        return new Http1Connection(key, socket, in, out, true, System.nanoTime());
    }

    /** Returns the pool key ({@code scheme://host:port}). */
    String key() {
        return key;
    }

    /** Returns true when this connection already served a request before the current one. */
    boolean reused() {
        return reused;
    }

    /** Returns when the connection was parked, in {@link System#nanoTime()} units. */
    long idleSince() {
        return idleSince;
    }

    Socket socket() {
        return socket;
    }

    SocketInput in() {
        return in;
    }

    OutputStream out() {
        return out;
    }

    /** Closes the socket; errors are ignored because the connection is being dropped anyway. */
    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
