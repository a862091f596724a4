package dev.oauthrouter.providers.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A response body read straight from the connection's buffer. When the body has been read to its end
 * the connection goes back to the pool (or is closed when the response did not allow keep-alive);
 * closing the body before its end closes the socket, which is the only way to stop an upstream
 * mid-response. {@link #close()} may be called from another thread to abort a blocked read.
 */
abstract class ResponseBody extends InputStream {
    private static final int OPEN = 0;
    private static final int DONE = 1;
    private static final int CLOSED = 2;

    /** The connection's buffered input. */
    protected final SocketInput in;
    private final Http1Connection connection;
    private final ConnectionPool pool;
    private final AtomicInteger state = new AtomicInteger(OPEN);
    private final byte[] one = new byte[1];

    /**
     * @param pool where to park the connection at the end of the body, or null to close it instead
     */
    ResponseBody(Http1Connection connection, ConnectionPool pool) {
        this.in = connection.in();
        this.connection = connection;
        this.pool = pool;
    }

    /** A body of exactly {@code length} bytes. */
    static ResponseBody fixed(Http1Connection c, ConnectionPool pool, long length) {
        return new Fixed(c, pool, length);
    }

    /** A body in chunked transfer coding. */
    static ResponseBody chunked(Http1Connection c, ConnectionPool pool) {
        return new Chunked(c, pool);
    }

    /** A body that ends when the server closes the connection. */
    static ResponseBody untilClose(Http1Connection c) {
        return new UntilClose(c);
    }

    @Override
    public final int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public final int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        int s = state.get();
        if (s == DONE) {
            return -1;
        }
        if (s == CLOSED) {
            throw new IOException("response body closed");
        }
        if (len == 0) {
            return 0;
        }
        try {
            return readBody(b, off, len);
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Reads body bytes; implementations call {@link #finish()} once the body's end has been consumed
     * and return -1 from then on.
     */
    protected abstract int readBody(byte[] b, int off, int len) throws IOException;

    /** Marks the body complete and hands the connection back (at most once). */
    protected final void finish() {
        if (state.compareAndSet(OPEN, DONE)) {
            if (pool != null) {
                pool.release(connection);
            } else {
                connection.close();
            }
        }
    }

    /** Returns true once the whole body has been read. */
    final boolean complete() {
        return state.get() == DONE;
    }

    /** Closes the socket unless the body was already read to its end. */
    @Override
    public final void close() {
        if (state.compareAndSet(OPEN, CLOSED)) {
            connection.close();
        }
    }

    private static final class Fixed extends ResponseBody {
        private long remaining;

        Fixed(Http1Connection c, ConnectionPool pool, long length) {
            super(c, pool);
            this.remaining = length;
            if (length == 0) {
                finish();
            }
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            remaining -= n;
            if (remaining == 0) {
                finish();
            }
            return n;
        }
    }

    private static final class Chunked extends ResponseBody {
        private static final int MAX_LINE = 8 * 1024;
        private static final int MAX_TRAILER_LINES = 100;
        private long remaining;
        private boolean first = true;

        Chunked(Http1Connection c, ConnectionPool pool) {
            super(c, pool);
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                if (!first && !in.readLine(MAX_LINE).isEmpty()) {
                    throw new IOException("chunk data longer than its declared size");
                }
                first = false;
                remaining = chunkSize(in.readLine(MAX_LINE));
                if (remaining == 0) {
                    skipTrailers();
                    finish();
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException("connection closed inside a chunk");
            }
            remaining -= n;
            return n;
        }

        private void skipTrailers() throws IOException {
            for (int i = 0; i < MAX_TRAILER_LINES; i++) {
                if (in.readLine(MAX_LINE).isEmpty()) {
                    return;
                }
            }
            throw new IOException("too many trailer lines");
        }

        private static long chunkSize(String line) throws IOException {
            int semi = line.indexOf(';');
            String hex = (semi < 0 ? line : line.substring(0, semi)).strip();
            if (hex.isEmpty() || hex.length() > 15) {
                throw new IOException("bad chunk size line");
            }
            try {
                long size = Long.parseLong(hex, 16);
                if (size < 0) {
                    throw new IOException("bad chunk size line");
                }
                return size;
            } catch (NumberFormatException e) {
                throw new IOException("bad chunk size line", e);
            }
        }
    }

    private static final class UntilClose extends ResponseBody {
        UntilClose(Http1Connection c) {
            super(c, null);
        }

        @Override
        protected int readBody(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                finish();
            }
            return n;
        }
    }
}
