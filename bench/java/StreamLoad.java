import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Streaming load client: opens N concurrent SSE chat streams (one virtual thread and one raw socket
 * each) and records, per stream, the time to the first event and every gap between the first
 * {@code --paced-events} events.
 *
 * <p>Flags: {@code --port N}, {@code --path /v1/chat/completions}, {@code --body FILE},
 * {@code --header "Name: value"} (repeatable), {@code --streams N}, {@code --ramp-ms N} (start times
 * spread evenly over this window), {@code --pace-ms N} (the upstream pace; a gap over three times it is
 * a stall), {@code --paced-events N}, {@code --warmup-streams N} (a first round whose results are
 * dropped), {@code --timeout-s N} (a hard bound on the whole run and on each
 * socket read). Prints one line of {@code key=value} pairs: streams, ok, errors, ttft_p50_ms,
 * ttft_p99_ms, gap_p50_ms, gap_p99_ms, gap_max_ms, stalled, seconds, and the first error seen.
 *
 * <p>With {@code -Dplatform=true} each stream gets a platform thread instead, to check whether the
 * client itself limits a run.
 */
public final class StreamLoad {
    private static final byte[] DONE = "data: [DONE]".getBytes(StandardCharsets.US_ASCII);
    private static final Thread.Builder THREADS = Boolean.getBoolean("platform")
            ? Thread.ofPlatform().stackSize(256 * 1024) : Thread.ofVirtual();

    private final byte[] request;
    private final int port;
    private final int pacedEvents;
    private final int timeoutMs;

    private StreamLoad(byte[] request, int port, int pacedEvents, int timeoutMs) {
        this.request = request;
        this.port = port;
        this.pacedEvents = pacedEvents;
        this.timeoutMs = timeoutMs;
    }

    /** Runs the load and prints the summary line. */
    public static void main(String[] args) throws Exception {
        int port = 0;
        String path = "/v1/chat/completions";
        Path body = null;
        List<String> headers = new ArrayList<>();
        int streams = 1;
        int rampMs = 0;
        int paceMs = 20;
        int pacedEvents = 65;
        int timeoutS = 60;
        int warmup = 0;
        for (int i = 0; i + 1 < args.length; i += 2) {
            String v = args[i + 1];
            switch (args[i]) {
            case "--port" -> port = Integer.parseInt(v);
            case "--path" -> path = v;
            case "--body" -> body = Path.of(v);
            case "--header" -> headers.add(v);
            case "--streams" -> streams = Integer.parseInt(v);
            case "--ramp-ms" -> rampMs = Integer.parseInt(v);
            case "--pace-ms" -> paceMs = Integer.parseInt(v);
            case "--paced-events" -> pacedEvents = Integer.parseInt(v);
            case "--timeout-s" -> timeoutS = Integer.parseInt(v);
            case "--warmup-streams" -> warmup = Integer.parseInt(v);
            default -> throw new IllegalArgumentException("unknown flag " + args[i]);
            }
        }
        if (port == 0 || body == null) {
            throw new IllegalArgumentException("--port and --body are required");
        }
        byte[] payload = Files.readAllBytes(body);
        StringBuilder head = new StringBuilder()
                .append("POST ").append(path).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(port).append("\r\n")
                .append("Content-Type: application/json\r\nAccept: text/event-stream\r\n")
                .append("Content-Length: ").append(payload.length).append("\r\n");
        for (String h : headers) {
            head.append(h).append("\r\n");
        }
        head.append("Connection: close\r\n\r\n");
        byte[] headBytes = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + payload.length);
        System.arraycopy(payload, 0, request, headBytes.length, payload.length);

        StreamLoad load = new StreamLoad(request, port, pacedEvents, timeoutS * 1000);
        if (warmup > 0) {
            // Warms the JIT of this client and of the target with the same code path; results dropped.
            load.run(warmup, rampMs, paceMs, timeoutS, false);
        }
        load.run(streams, rampMs, paceMs, timeoutS, true);
        System.exit(0);
    }

    private void run(int streams, int rampMs, int paceMs, int timeoutS, boolean print)
            throws InterruptedException {
        Result[] results = new Result[streams];
        CountDownLatch done = new CountDownLatch(streams);
        String[] firstError = new String[1];
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(timeoutS);
        for (int i = 0; i < streams; i++) {
            long startAt = start + (streams <= 1 ? 0 : TimeUnit.MILLISECONDS.toNanos(rampMs) * i / streams);
            int index = i;
            THREADS.start(() -> {
                try {
                    long wait = startAt - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    results[index] = stream();
                } catch (Exception e) {
                    synchronized (firstError) {
                        if (firstError[0] == null) {
                            firstError[0] = e.getClass().getSimpleName() + ": " + e.getMessage();
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        boolean finished = done.await(Math.max(1, deadline - System.nanoTime()) + 2_000_000_000L,
                TimeUnit.NANOSECONDS);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (print) {
            report(results, finished ? firstError[0] : "run timed out", paceMs, seconds);
        }
    }

    /** One stream: send the request, read the response, timestamp each SSE event. */
    private Result stream() throws IOException {
        long[] times = new long[pacedEvents];
        int events = 0;
        boolean sawDone = false;
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(timeoutMs);
            socket.connect(new InetSocketAddress("127.0.0.1", port), timeoutMs);
            long t0 = System.nanoTime();
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            Body body = new Body(socket.getInputStream());
            int status = body.readHead();
            if (status != 200) {
                throw new IOException("status " + status + " " + body.prefix(200));
            }
            // Event framing: a blank line ends an event; CR bytes are ignored.
            byte[] line = new byte[DONE.length];
            int lineLen = 0;
            boolean hasLines = false;
            int b;
            while ((b = body.read()) >= 0) {
                if (b == '\r') {
                    continue;
                }
                if (b != '\n') {
                    if (lineLen < line.length) {
                        line[lineLen] = (byte) b;
                    }
                    lineLen++;
                } else if (lineLen > 0) {
                    hasLines = true;
                    sawDone |= lineLen == DONE.length && Arrays.equals(line, DONE);
                    lineLen = 0;
                } else if (hasLines) {
                    if (events < pacedEvents) {
                        times[events] = System.nanoTime() - t0;
                    }
                    events++;
                    hasLines = false;
                }
            }
        }
        if (!sawDone) {
            throw new IOException("stream ended without [DONE] after " + events + " events");
        }
        if (events < pacedEvents) {
            throw new IOException("only " + events + " events");
        }
        return new Result(times);
    }

    private record Result(long[] times) {
    }

    private void report(Result[] results, String firstError, int paceMs, double seconds) {
        int ok = 0;
        int stalled = 0;
        long stallNs = TimeUnit.MILLISECONDS.toNanos(3L * paceMs);
        List<Long> ttft = new ArrayList<>();
        long[] gaps = new long[results.length * Math.max(0, pacedEvents - 1)];
        int gapCount = 0;
        for (Result r : results) {
            if (r == null) {
                continue;
            }
            ok++;
            ttft.add(r.times[0]);
            boolean stall = false;
            for (int i = 1; i < pacedEvents; i++) {
                long gap = r.times[i] - r.times[i - 1];
                gaps[gapCount++] = gap;
                stall |= gap > stallNs;
            }
            if (stall) {
                stalled++;
            }
        }
        long[] t = ttft.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] g = Arrays.copyOf(gaps, gapCount);
        Arrays.sort(g);
        System.out.printf(Locale.ROOT, "streams=%d ok=%d errors=%d ttft_p50_ms=%.3f ttft_p99_ms=%.3f "
                        + "gap_p50_ms=%.3f gap_p99_ms=%.3f gap_max_ms=%.3f stalled=%d seconds=%.1f "
                        + "first_error=%s%n",
                results.length, ok, results.length - ok, ms(pct(t, 50)), ms(pct(t, 99)), ms(pct(g, 50)),
                ms(pct(g, 99)), ms(g.length == 0 ? 0 : g[g.length - 1]), stalled, seconds,
                firstError == null ? "none" : oneWord(firstError));
    }

    /** Keeps a message one word for the key=value line (no-break spaces) and safe in a table. */
    private static String oneWord(String message) {
        return message.replaceAll("\\s", "\u00a0").replace('|', '/');
    }

    private static long pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Reads a response head, then the body bytes, undoing chunked transfer coding. */
    private static final class Body {
        private final InputStream in;
        private final byte[] buf = new byte[16 * 1024];
        private int pos;
        private int limit;
        private boolean chunked;
        private long left = -1;
        private boolean ended;

        Body(InputStream in) {
            this.in = in;
        }

        int readHead() throws IOException {
            String status = line();
            String[] parts = status.split(" ");
            if (parts.length < 2) {
                throw new IOException("bad status line: " + status);
            }
            long length = -1;
            String h;
            while (!(h = line()).isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                }
            }
            left = chunked ? 0 : length;
            return Integer.parseInt(parts[1]);
        }

        /** Returns up to {@code max} bytes of the body as text, for error messages. */
        String prefix(int max) {
            StringBuilder sb = new StringBuilder();
            try {
                int b;
                while (sb.length() < max && (b = read()) >= 0) {
                    sb.append((char) b);
                }
            } catch (IOException e) {
                // what was read so far is enough for a message
            }
            return sb.toString().replaceAll("\\s+", " ");
        }

        /** Returns the next body byte, or -1 at the end of the body. */
        int read() throws IOException {
            if (ended) {
                return -1;
            }
            if (chunked) {
                if (left == 0) {
                    String size = line();
                    if (size.isEmpty()) {
                        // the CRLF that closes the previous chunk
                        size = line();
                    }
                    left = Long.parseLong(size.split(";")[0].trim(), 16);
                    if (left == 0) {
                        ended = true;
                        return -1;
                    }
                }
                int b = raw();
                if (b < 0) {
                    throw new IOException("connection closed inside a chunk");
                }
                left--;
                return b;
            }
            if (left == 0) {
                ended = true;
                return -1;
            }
            int b = raw();
            if (b < 0) {
                ended = true;
                return -1;
            }
            if (left > 0) {
                left--;
            }
            return b;
        }

        private int raw() throws IOException {
            if (pos == limit) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    return -1;
                }
                pos = 0;
                limit = n;
            }
            return buf[pos++] & 0xff;
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            while (true) {
                int b = raw();
                if (b < 0) {
                    throw new IOException("connection closed in the response head");
                }
                if (b == '\n') {
                    int len = sb.length();
                    if (len > 0 && sb.charAt(len - 1) == '\r') {
                        sb.setLength(len - 1);
                    }
                    return sb.toString();
                }
                sb.append((char) b);
            }
        }
    }
}
