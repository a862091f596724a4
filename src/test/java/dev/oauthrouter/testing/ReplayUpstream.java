package dev.oauthrouter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * A local stand-in for a provider that answers with recorded traffic the way the provider does: the
 * capture's status, content type and other headers, and the body bytes as recorded (SSE keeps its own
 * framing: {@code event:} lines, {@code : comment} keep-alives, CRLF). Bodies are written in
 * random-sized pieces (seeded, so runs are repeatable), each flushed with a short pause, so the
 * router's reads split events mid-line and mid-UTF-8 character.
 *
 * <p>Every request is recorded for assertions on what the router sent. A write that fails because
 * the router closed the connection is recorded with its time, see {@link #awaitAbort(Duration)}.
 */
public final class ReplayUpstream implements AutoCloseable {
    // framing headers belong to this server's own connection, not to the recorded one
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "transfer-encoding",
            "content-length", "content-encoding", "date");

    private final WebServer server;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final Deque<Capture> queue = new ConcurrentLinkedDeque<>();
    private final Map<String, Capture> routes = new ConcurrentHashMap<>();
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Long> abortsNanos = new CopyOnWriteArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();
    private volatile Capture fallback;
    private volatile long seed = 42;
    private volatile int maxPiece = 509;
    private volatile Duration pieceDelay = Duration.ofNanos(200_000);
    private volatile Duration firstByteDelay = Duration.ZERO;

    private ReplayUpstream() {
        this.server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .shutdownHook(false)
                .routing(r -> r.any(this::handle))
                .build()
                .start();
    }

    /** Starts a replay server on a free local port. */
    public static ReplayUpstream start() {
        return new ReplayUpstream();
    }

    /** Returns the base URL, e.g. {@code http://127.0.0.1:41234}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Answers every request with this capture unless a route or queued capture applies. */
    public ReplayUpstream serve(Capture capture) {
        this.fallback = capture;
        return this;
    }

    /** Answers the next request (in order) with this capture. */
    public ReplayUpstream enqueue(Capture capture) {
        queue.addLast(capture);
        return this;
    }

    /** Answers requests to {@code method path} with this capture. */
    public ReplayUpstream route(String method, String path, Capture capture) {
        routes.put(method.toUpperCase(Locale.ROOT) + " " + path, capture);
        return this;
    }

    /** Answers requests that match (e.g. streaming ones) with this capture, before any queued one. */
    public ReplayUpstream when(Predicate<RecordedRequest> match, Capture capture) {
        rules.add(new Rule(match, capture));
        return this;
    }

    /** Sets the seed of the piece sizes. */
    public ReplayUpstream seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Sets the largest piece written at once (pieces are 1 to this many bytes). */
    public ReplayUpstream maxPiece(int bytes) {
        this.maxPiece = bytes;
        return this;
    }

    /** Sets the pause after each piece. */
    public ReplayUpstream pieceDelay(Duration delay) {
        this.pieceDelay = delay;
        return this;
    }

    /** Sets a pause before anything, status line included, is sent. */
    public ReplayUpstream firstByteDelay(Duration delay) {
        this.firstByteDelay = delay;
        return this;
    }

    /** Returns the requests received so far. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    /** Returns the only request received, failing when there is not exactly one. */
    public RecordedRequest onlyRequest() {
        if (requests.size() != 1) {
            throw new AssertionError("expected one upstream request, got " + requests.size());
        }
        return requests.getFirst();
    }

    /** Returns how many bodies were written to the end. */
    public int completed() {
        return completed.get();
    }

    /**
     * Waits until a body write failed because the peer closed the connection, and returns the
     * {@link System#nanoTime()} when that was noticed.
     *
     * @throws AssertionError when no write failed within the timeout
     */
    public long awaitAbort(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (abortsNanos.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the upstream connection was not closed within " + timeout);
            }
            sleep(Duration.ofMillis(5));
        }
        return abortsNanos.getFirst();
    }

    @Override
    public void close() {
        server.stop();
    }

    private void handle(ServerRequest req, ServerResponse res) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Header h : req.headers()) {
            headers.put(h.name().toLowerCase(Locale.ROOT), List.copyOf(h.allValues()));
        }
        byte[] body;
        try {
            body = req.content().inputStream().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String method = req.prologue().method().text();
        String path = req.path().path() + (req.query().isEmpty() ? "" : "?" + req.query().rawValue());
        RecordedRequest recorded = new RecordedRequest(method, path, headers, body);
        requests.add(recorded);

        Capture capture = routes.get(method + " " + req.path().path());
        for (Rule rule : rules) {
            if (capture == null && rule.match().test(recorded)) {
                capture = rule.capture();
            }
        }
        if (capture == null) {
            capture = queue.pollFirst();
        }
        if (capture == null) {
            capture = fallback;
        }
        if (capture == null) {
            res.status(Status.INTERNAL_SERVER_ERROR_500)
                    .send("replay: nothing to answer " + method + " " + path);
            return;
        }
        sleep(firstByteDelay);
        res.status(Status.create(capture.status()));
        for (Map.Entry<String, List<String>> h : capture.headers().entrySet()) {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(Locale.ROOT))) {
                res.header(HeaderNames.create(h.getKey()), h.getValue().toArray(String[]::new));
            }
        }
        writeInPieces(res, capture.body(), pieceSeed(served.getAndIncrement()));
    }

    private void writeInPieces(ServerResponse res, byte[] body, long pieceSeed) {
        try (OutputStream out = res.outputStream()) {
            int pos = 0;
            for (int end : cuts(body, pieceSeed, maxPiece)) {
                out.write(body, pos, end - pos);
                out.flush();
                pos = end;
                sleep(pieceDelay);
            }
        } catch (IOException | RuntimeException e) {
            // the router closed the connection before the body was complete
            abortsNanos.add(System.nanoTime());
            return;
        }
        completed.incrementAndGet();
    }

    /**
     * Returns where a body is cut into pieces: the end offset of each piece. Pieces are 1 to
     * {@code maxPiece} bytes from a seeded random sequence, and every multi-byte UTF-8 character is
     * also cut after its first byte, so a reader always sees characters split across reads.
     */
    public static List<Integer> cuts(byte[] body, long pieceSeed, int maxPiece) {
        Random random = new Random(pieceSeed);
        TreeSet<Integer> cuts = new TreeSet<>();
        int pos = 0;
        while (pos < body.length) {
            pos += Math.min(body.length - pos, 1 + random.nextInt(maxPiece));
            cuts.add(pos);
        }
        for (int i = 0; i < body.length - 1; i++) {
            if ((body[i] & 0xC0) == 0xC0) {
                cuts.add(i + 1);
            }
        }
        return List.copyOf(cuts);
    }

    /** Returns the seed of the piece sizes of the {@code n}-th answer (0-based). */
    public long pieceSeed(int n) {
        return seed + n;
    }

    /** Returns the largest piece size. */
    public int maxPiece() {
        return maxPiece;
    }

    private static void sleep(Duration d) {
        if (d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Rule(Predicate<RecordedRequest> match, Capture capture) {
    }
}
