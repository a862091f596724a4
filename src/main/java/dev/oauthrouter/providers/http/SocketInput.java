package dev.oauthrouter.providers.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A buffered reader over one connection's socket stream, used by one thread at a time. It reads
 * CRLF-terminated protocol lines and raw body bytes from the same buffer.
 */
final class SocketInput {
    private final InputStream in;
    // 8 KiB holds several stream events; it is per open upstream connection, so it is kept small
    private final byte[] buf = new byte[8 * 1024];
    private int pos;
    private int limit;

    SocketInput(InputStream in) {
        this.in = in;
    }

    /**
     * Waits until at least one byte is buffered without consuming it.
     *
     * @return false when the peer closed the connection before sending anything
     */
    boolean awaitByte() throws IOException {
        return pos < limit || fill() > 0;
    }

    /** Reads one byte, or -1 at the end of the stream. */
    int read() throws IOException {
        if (pos == limit && fill() <= 0) {
            return -1;
        }
        return buf[pos++] & 0xff;
    }

    /** Reads up to {@code len} bytes, or returns -1 at the end of the stream. */
    int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos == limit) {
            if (len >= buf.length) {
                // a large read goes straight to the socket instead of through the buffer
                return in.read(b, off, len);
            }
            if (fill() <= 0) {
                return -1;
            }
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    /**
     * Reads one line without its line terminator (CRLF, or a bare LF).
     *
     * @param max longest line accepted, in bytes
     * @throws EOFException when the stream ends before the line does
     * @throws IOException  when the line is longer than {@code max}
     */
    String readLine(int max) throws IOException {
        byte[] acc = null;
        int accLen = 0;
        while (true) {
            if (pos == limit && fill() <= 0) {
                throw new EOFException("connection closed inside a response line");
            }
            int start = pos;
            int end = -1;
            for (int i = pos; i < limit; i++) {
                if (buf[i] == '\n') {
                    end = i;
                    break;
                }
            }
            int stop = end < 0 ? limit : end;
            int n = stop - start;
            if (accLen + n > max) {
                throw new IOException("response line longer than " + max + " bytes");
            }
            if (end >= 0 && acc == null) {
                pos = end + 1;
                return ascii(buf, start, n);
            }
            if (acc == null) {
                acc = new byte[Math.max(256, n * 2)];
            } else if (acc.length < accLen + n) {
                acc = Arrays.copyOf(acc, Math.max(acc.length * 2, accLen + n));
            }
            System.arraycopy(buf, start, acc, accLen, n);
            accLen += n;
            pos = end >= 0 ? end + 1 : limit;
            if (end >= 0) {
                return ascii(acc, 0, accLen);
            }
        }
    }

    private static String ascii(byte[] b, int off, int len) {
        if (len > 0 && b[off + len - 1] == '\r') {
            len--;
        }
        return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }

    private int fill() throws IOException {
        int n = in.read(buf, 0, buf.length);
        pos = 0;
        limit = Math.max(n, 0);
        return n;
    }
}
