import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;

/**
 * A cheap stand-in for an OpenAI-compatible upstream, used as the common target of every benchmark
 * contender.
 *
 * <p>It answers {@code POST .../chat/completions} with prebuilt bytes: a fixed {@code chat.completion}
 * JSON, or, when the body contains {@code "stream":true}, a paced SSE stream of
 * {@code chat.completion.chunk} events ending with {@code data: [DONE]} (plus a usage chunk when the
 * body contains {@code "include_usage":true}). The body is never parsed as JSON: it is scanned once
 * for those two byte patterns while it is read. One virtual thread serves one connection (HTTP/1.1
 * keep-alive, Content-Length or chunked request bodies).
 *
 * <p>Flags: {@code --port N} (default 18990), {@code --first-byte-ms N} (delay before the status
 * line), {@code --chunk-ms N} (delay before each content delta), {@code --deltas N} (content deltas per
 * stream, default 64). Per request, the headers {@code x-mock-first-byte-ms}, {@code x-mock-chunk-ms}
 * and {@code x-mock-deltas} override the flags (proxies that drop unknown headers simply use the flags).
 * A stream has {@code 1 + deltas} paced events: the role chunk right after the first-byte delay, then
 * one delta every {@code chunk-ms}; the finish chunk, the usage chunk and {@code [DONE]} follow the last
 * delta at once. Deltas are written by one pacer thread for all streams.
 */
public final class MockUpstream {
    private static final byte[] STREAM_TRUE = ascii("\"stream\":true");
    private static final byte[] INCLUDE_USAGE = ascii("\"include_usage\":true");
    private static final int MAX_HEAD = 64 * 1024;

    private static final byte[] COMPLETION;
    private static final byte[] MODELS;
    private static final byte[] NOT_FOUND;
    private static final byte[] BAD_REQUEST;
    private static final byte[] STREAM_HEAD;
    private static final byte[] ROLE_EVENT;
    private static final byte[] DELTA_EVENT;
    private static final byte[] FINISH_EVENT;
    private static final byte[] USAGE_EVENT;
    private static final byte[] DONE_EVENT;
    private static final byte[] STREAM_START;
    private static final byte[] STREAM_END;
    private static final byte[] STREAM_END_WITH_USAGE;

    static {
        String completion = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
                + "\"created\":1767225600,\"model\":\"bench-model\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":\"The quick brown fox jumps over the lazy dog. A fixed benchmark answer.\","
                + "\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":17,\"total_tokens\":29},"
                + "\"system_fingerprint\":\"fp_bench\"}";
        COMPLETION = response("200 OK", "application/json", completion);
        MODELS = response("200 OK", "application/json",
                "{\"object\":\"list\",\"data\":[{\"id\":\"bench-model\",\"object\":\"model\","
                        + "\"created\":1767225600,\"owned_by\":\"bench\"}]}");
        NOT_FOUND = response("404 Not Found", "application/json",
                "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}}");
        BAD_REQUEST = response("400 Bad Request", "application/json",
                "{\"error\":{\"message\":\"bad request\",\"type\":\"invalid_request_error\","
                        + "\"param\":null,\"code\":null}}");
        STREAM_HEAD = ascii("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                + "Cache-Control: no-cache\r\nTransfer-Encoding: chunked\r\n\r\n");
        String prefix = "{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
                + "\"created\":1767225600,\"model\":\"bench-model\",\"system_fingerprint\":\"fp_bench\","
                + "\"choices\":";
        ROLE_EVENT = chunk(prefix + "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}");
        DELTA_EVENT = chunk(prefix + "[{\"index\":0,\"delta\":{\"content\":\" token\"},"
                + "\"logprobs\":null,\"finish_reason\":null}]}");
        FINISH_EVENT = chunk(prefix + "[{\"index\":0,\"delta\":{},\"logprobs\":null,"
                + "\"finish_reason\":\"stop\"}]}");
        USAGE_EVENT = chunk(prefix + "[],\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":64,"
                + "\"total_tokens\":76}}");
        DONE_EVENT = concat(chunkFrame("data: [DONE]\n\n"), ascii("0\r\n\r\n"));
        STREAM_START = concat(STREAM_HEAD, ROLE_EVENT);
        STREAM_END = concat(FINISH_EVENT, DONE_EVENT);
        STREAM_END_WITH_USAGE = concat(FINISH_EVENT, USAGE_EVENT, DONE_EVENT);
    }

    private final int firstByteMs;
    private final int chunkMs;
    private final int deltas;
    private final DelayQueue<PacedStream> pacer = new DelayQueue<>();

    private MockUpstream(int firstByteMs, int chunkMs, int deltas) {
        this.firstByteMs = firstByteMs;
        this.chunkMs = chunkMs;
        this.deltas = deltas;
        Thread.ofPlatform().daemon().name("pacer").start(this::pace);
    }

    /** Starts the server and serves until the process is killed. */
    public static void main(String[] args) throws IOException {
        int port = 18990;
        int firstByte = 0;
        int chunk = 20;
        int deltas = 64;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
            case "--port" -> port = value;
            case "--first-byte-ms" -> firstByte = value;
            case "--chunk-ms" -> chunk = value;
            case "--deltas" -> deltas = value;
            default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        MockUpstream mock = new MockUpstream(firstByte, chunk, deltas);
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 8192);
            System.out.println("mock upstream on 127.0.0.1:" + port + " first-byte-ms=" + firstByte
                    + " chunk-ms=" + chunk + " deltas=" + deltas);
            while (true) {
                Socket socket = server.accept();
                Thread.ofVirtual().start(() -> mock.serve(socket));
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            Conn conn = new Conn(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (conn.readHead()) {
                Request req = conn.request();
                if (req == null) {
                    out.write(BAD_REQUEST);
                    return;
                }
                boolean keepAlive = req.keepAlive;
                if (req.method.equals("GET") && req.target.endsWith("/models")) {
                    out.write(MODELS);
                } else if (req.method.equals("POST") && req.target.contains("/chat/completions")) {
                    Scan scan = conn.readBody(req);
                    answer(req, scan, out);
                } else {
                    conn.readBody(req);
                    out.write(NOT_FOUND);
                }
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // the peer went away or sent garbage; the connection is simply closed
        }
    }

    private void answer(Request req, Scan scan, OutputStream out) throws IOException {
        int firstByte = req.firstByteMs >= 0 ? req.firstByteMs : firstByteMs;
        int pace = req.chunkMs >= 0 ? req.chunkMs : chunkMs;
        int count = req.deltas >= 0 ? req.deltas : deltas;
        sleep(firstByte);
        if (!scan.stream) {
            out.write(COMPLETION);
            return;
        }
        out.write(STREAM_START);
        if (count == 0 || pace <= 0) {
            for (int i = 0; i < count; i++) {
                out.write(DELTA_EVENT);
            }
            out.write(scan.includeUsage ? STREAM_END_WITH_USAGE : STREAM_END);
            return;
        }
        PacedStream stream = new PacedStream(out, count, TimeUnit.MILLISECONDS.toNanos(pace),
                scan.includeUsage);
        pacer.add(stream);
        try {
            stream.done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        if (stream.failed) {
            throw new IOException("stream write failed");
        }
    }

    /**
     * Writes the deltas of every paced stream from one platform thread, on a fixed schedule (the n-th
     * delta is due n paces after the role chunk, so lateness does not accumulate). One thread and one
     * write per event keep the mock's cost per event far below a sleeping thread per stream.
     */
    private void pace() {
        while (true) {
            PacedStream s;
            try {
                s = pacer.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                if (s.left > 0) {
                    s.out.write(DELTA_EVENT);
                    s.left--;
                }
                if (s.left == 0) {
                    s.out.write(s.includeUsage ? STREAM_END_WITH_USAGE : STREAM_END);
                    s.done.countDown();
                } else {
                    s.due += s.paceNanos;
                    pacer.add(s);
                }
            } catch (IOException e) {
                s.failed = true;
                s.done.countDown();
            }
        }
    }

    /** One stream waiting for its next delta; ordered by due time. */
    private static final class PacedStream implements Delayed {
        final OutputStream out;
        final long paceNanos;
        final boolean includeUsage;
        final CountDownLatch done = new CountDownLatch(1);
        int left;
        long due;
        volatile boolean failed;

        PacedStream(OutputStream out, int deltas, long paceNanos, boolean includeUsage) {
            this.out = out;
            this.left = deltas;
            this.paceNanos = paceNanos;
            this.includeUsage = includeUsage;
            this.due = System.nanoTime() + paceNanos;
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(due, ((PacedStream) other).due);
        }
    }

    private static void sleep(int ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One parsed request head; -1 in a delay field means "use the flag". */
    private record Request(String method, String target, long contentLength, boolean chunked,
                           boolean keepAlive, int firstByteMs, int chunkMs, int deltas) {
    }

    /** Result of the byte scan over a request body. */
    private record Scan(boolean stream, boolean includeUsage) {
    }

    /** Buffered reader of one connection's requests. */
    private static final class Conn {
        private final InputStream in;
        private final byte[] buf = new byte[32 * 1024];
        private int pos;
        private int limit;
        private int headEnd;

        Conn(InputStream in) {
            this.in = in;
        }

        /** Reads until a full request head is buffered; false on a clean end of stream. */
        boolean readHead() throws IOException {
            if (pos == limit) {
                pos = 0;
                limit = 0;
            } else if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int searchFrom = 0;
            while (true) {
                int end = indexOfCrlfCrlf(searchFrom);
                if (end >= 0) {
                    headEnd = end;
                    return true;
                }
                searchFrom = Math.max(0, limit - 3);
                if (limit == buf.length) {
                    throw new IOException("request head too large");
                }
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    if (limit > 0) {
                        throw new IOException("truncated request head");
                    }
                    return false;
                }
                limit += n;
            }
        }

        private int indexOfCrlfCrlf(int from) {
            for (int i = from; i + 3 < limit; i++) {
                if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') {
                    return i + 4;
                }
            }
            return -1;
        }

        /** Parses the buffered head (ASCII) and consumes it; null when it is malformed. */
        Request request() {
            String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
            pos = headEnd;
            String[] lines = head.split("\r\n");
            String[] first = lines[0].split(" ");
            if (first.length != 3) {
                return null;
            }
            long length = 0;
            boolean chunked = false;
            boolean keepAlive = !first[2].equals("HTTP/1.0");
            int firstByte = -1;
            int chunk = -1;
            int deltas = -1;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                switch (name) {
                case "content-length" -> length = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (v.contains("close")) {
                        keepAlive = false;
                    } else if (v.contains("keep-alive")) {
                        keepAlive = true;
                    }
                }
                case "x-mock-first-byte-ms" -> firstByte = Integer.parseInt(value);
                case "x-mock-chunk-ms" -> chunk = Integer.parseInt(value);
                case "x-mock-deltas" -> deltas = Integer.parseInt(value);
                default -> {
                    // other headers do not matter to the mock
                }
                }
            }
            return new Request(first[0], first[1], length, chunked, keepAlive, firstByte, chunk, deltas);
        }

        /** Reads (and scans) the request body, leaving any pipelined bytes in the buffer. */
        Scan readBody(Request req) throws IOException {
            Matcher stream = new Matcher(STREAM_TRUE);
            Matcher usage = new Matcher(INCLUDE_USAGE);
            if (req.chunked) {
                while (true) {
                    long size = Long.parseLong(readLine().split(";")[0].trim(), 16);
                    if (size == 0) {
                        while (!readLine().isEmpty()) {
                            // trailers are ignored
                        }
                        break;
                    }
                    consume(size, stream, usage);
                    readLine();
                }
            } else {
                consume(req.contentLength, stream, usage);
            }
            return new Scan(stream.found, usage.found);
        }

        private void consume(long count, Matcher a, Matcher b) throws IOException {
            long left = count;
            while (left > 0) {
                if (pos == limit) {
                    fill();
                }
                int n = (int) Math.min(left, limit - pos);
                a.feed(buf, pos, n);
                b.feed(buf, pos, n);
                pos += n;
                left -= n;
            }
        }

        private String readLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos == limit) {
                    fill();
                }
                byte c = buf[pos++];
                if (c == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) c);
            }
        }

        private void fill() throws IOException {
            pos = 0;
            limit = 0;
            int n = in.read(buf, 0, buf.length);
            if (n < 0) {
                throw new IOException("truncated request body");
            }
            limit = n;
        }
    }

    /** Knuth-Morris-Pratt search for one pattern over bytes that arrive in pieces. */
    private static final class Matcher {
        private final byte[] pattern;
        private final int[] fail;
        private int matched;
        private boolean found;

        Matcher(byte[] pattern) {
            this.pattern = pattern;
            this.fail = new int[pattern.length];
            int k = 0;
            for (int i = 1; i < pattern.length; i++) {
                while (k > 0 && pattern[i] != pattern[k]) {
                    k = fail[k - 1];
                }
                if (pattern[i] == pattern[k]) {
                    k++;
                }
                fail[i] = k;
            }
        }

        void feed(byte[] data, int off, int len) {
            if (found) {
                return;
            }
            byte first = pattern[0];
            for (int i = off; i < off + len; i++) {
                if (matched == 0 && data[i] != first) {
                    continue; // the common case in a long prompt: a tight loop over non-quote bytes
                }
                while (matched > 0 && data[i] != pattern[matched]) {
                    matched = fail[matched - 1];
                }
                if (data[i] == pattern[matched]) {
                    matched++;
                    if (matched == pattern.length) {
                        found = true;
                        return;
                    }
                }
            }
        }
    }

    private static byte[] response(String status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return concat(ascii("HTTP/1.1 " + status + "\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + bytes.length + "\r\n\r\n"), bytes);
    }

    private static byte[] chunk(String json) {
        return chunkFrame("data: " + json + "\n\n");
    }

    private static byte[] chunkFrame(String payload) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        return concat(ascii(Integer.toHexString(bytes.length) + "\r\n"), bytes, ascii("\r\n"));
    }

    private static byte[] concat(byte[]... parts) {
        int total = 0;
        for (byte[] p : parts) {
            total += p.length;
        }
        byte[] out = new byte[total];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
