package dev.oauthrouter.stream;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads {@code text/event-stream} bytes into {@link SseEvent}s, following the WHATWG rules.
 *
 * <p>Lines end with LF, CR or CRLF, also when a CRLF pair is split across reads; a field value loses
 * one leading space only; several {@code data:} lines join with {@code \n}; comment lines
 * ({@code :...}), {@code id} and {@code retry} are ignored; a blank line dispatches the event; an
 * event with no data is not dispatched. Bytes are decoded as UTF-8 per line, so a character split
 * across reads is never broken. Not thread-safe: one reader per stream.
 */
public final class SseReader {
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private boolean lastWasCr;
    private byte[] line = new byte[256];
    private int lineLen;
    // one data line (the usual case) is kept as its string; more lines are joined in the builder
    private String firstData;
    private final StringBuilder data = new StringBuilder();
    private boolean multiline;
    private String event;

    /** Creates a reader over the stream with a 2 KiB buffer (the upstream body is buffered already). */
    public SseReader(InputStream in) {
        this(in, 2048);
    }

    /** Creates a reader with a given read buffer size (tests use tiny buffers). */
    public SseReader(InputStream in, int bufferSize) {
        this.in = in;
        this.buf = new byte[bufferSize];
    }

    /**
     * Returns the next event, or {@code null} at the end of the stream. An event not terminated by a
     * blank line before the end of the stream is dropped, as the spec says.
     *
     * @throws IOException when the underlying stream fails
     */
    public SseEvent next() throws IOException {
        while (true) {
            if (!readLine()) {
                return null;
            }
            SseEvent dispatched = processLine();
            if (dispatched != null) {
                return dispatched;
            }
        }
    }

    private SseEvent processLine() {
        if (lineLen == 0) {
            if (firstData == null) {
                event = null;
                return null;
            }
            SseEvent ev = new SseEvent(event == null ? "message" : event, multiline ? data.toString() : firstData);
            data.setLength(0);
            firstData = null;
            multiline = false;
            event = null;
            return ev;
        }
        if (line[0] == ':') {
            return null;
        }
        int colon = indexOf((byte) ':');
        String field;
        String value;
        if (colon < 0) {
            field = new String(line, 0, lineLen, StandardCharsets.UTF_8);
            value = "";
        } else {
            field = new String(line, 0, colon, StandardCharsets.UTF_8);
            int start = colon + 1;
            if (start < lineLen && line[start] == ' ') {
                start++;
            }
            value = new String(line, start, lineLen - start, StandardCharsets.UTF_8);
        }
        switch (field) {
        case "data" -> {
            if (firstData == null) {
                firstData = value;
            } else {
                if (!multiline) {
                    data.append(firstData);
                    multiline = true;
                }
                data.append('\n').append(value);
            }
        }
        case "event" -> event = value;
        default -> {
            // id, retry and unknown fields carry nothing a router needs
        }
        }
        return null;
    }

    private int indexOf(byte b) {
        for (int i = 0; i < lineLen; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Reads one line into {@code line}; returns false at end of stream with nothing pending. */
    private boolean readLine() throws IOException {
        lineLen = 0;
        while (true) {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    // a final line without terminator still counts as a line
                    return lineLen > 0;
                }
                pos = 0;
                limit = n;
            }
            while (pos < limit) {
                byte b = buf[pos++];
                if (b == '\n') {
                    if (lastWasCr) {
                        lastWasCr = false;
                        continue;
                    }
                    return true;
                }
                lastWasCr = false;
                if (b == '\r') {
                    lastWasCr = true;
                    return true;
                }
                if (lineLen == line.length) {
                    line = Arrays.copyOf(line, line.length * 2);
                }
                line[lineLen++] = b;
            }
        }
    }
}
