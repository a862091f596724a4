package dev.oauthrouter.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLSocketFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Http1ClientTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final List<String[]> JSON =
            List.<String[]>of(new String[] {"Content-Type", "application/json"});

    private final Http1Client client = Http1Client.create(Duration.ofSeconds(2));
    private final List<RawServer> servers = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        client.close();
        for (RawServer s : servers) {
            s.close();
        }
    }

    private RawServer server(RawServer.Handler handler) throws IOException {
        RawServer s = RawServer.start(handler);
        servers.add(s);
        return s;
    }

    /** Answers every request on the connection with a Content-Length body echoing the request body. */
    private static void echo(RawServer.Conn c) throws IOException {
        RawServer.Request r;
        while ((r = c.read()) != null) {
            String body = "got:" + r.bodyText();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Multi: a\r\nx-multi: b\r\n"
                    + "Content-Length: " + body.length() + "\r\n\r\n" + body);
        }
    }

    private static String text(Http1Response r) throws IOException {
        try (r) {
            return new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writes_request_head_and_reads_content_length_body() throws Exception {
        RawServer s = server(Http1ClientTest::echo);
        Http1Response r = client.post(s.uri("/v1/chat?x=1"), JSON, "{\"a\":1}".getBytes(), TIMEOUT);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("content-type")).contains("text/plain");
        assertThat(r.header("CONTENT-TYPE")).contains("text/plain");
        assertThat(r.headers("X-Multi")).containsExactly("a", "b");
        assertThat(r.header("missing")).isEmpty();
        assertThat(text(r)).isEqualTo("got:{\"a\":1}");
        RawServer.Request seen = s.requests().getFirst();
        assertThat(seen.line()).isEqualTo("POST /v1/chat?x=1 HTTP/1.1");
        assertThat(seen.headers()).containsExactly("Host: 127.0.0.1:" + s.port(),
                "Content-Type: application/json", "Content-Length: 7");
    }

    @Test
    void reuses_one_connection_for_sequential_requests() throws Exception {
        RawServer s = server(Http1ClientTest::echo);
        for (int i = 0; i < 20; i++) {
            String got = text(client.post(s.uri("/"), JSON, ("n" + i).getBytes(), TIMEOUT));
            assertThat(got).isEqualTo("got:n" + i);
        }
        assertThat(text(client.get(s.uri("/models"), List.of(), TIMEOUT))).isEqualTo("got:");
        assertThat(s.accepts()).isEqualTo(1);
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(1);
        assertThat(s.requests().getLast().line()).isEqualTo("GET /models HTTP/1.1");
        assertThat(s.requests().getLast().header("content-length")).isEmpty();
    }

    @Test
    void reads_chunked_body_split_mid_line_with_extensions_and_trailers() throws Exception {
        RawServer s = server(c -> {
            while (c.read() != null) {
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
                for (String part : new String[] {"5", ";name=\"v\"\r", "\nhel", "lo\r\n", "6\r\n wor", "ld\r",
                        "\n0;last\r\n", "X-Trailer: 1\r", "\nX-Other: 2\r\n", "\r\n"}) {
                    c.write(part);
                    Thread.sleep(5);
                }
            }
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("hello world");
        // the trailers were consumed: the next response on the same connection parses cleanly
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("hello world");
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void reads_body_until_close_without_reusing_the_connection() throws Exception {
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nfirst ");
            Thread.sleep(20);
            c.write("second");
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("first second");
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("first second");
        assertThat(s.accepts()).isEqualTo(2);
        assertThat(client.idleConnections(s.uri("/"))).isZero();
    }

    @Test
    void skips_interim_100_continue_responses() throws Exception {
        RawServer s = server(c -> {
            while (c.read() != null) {
                c.write("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n"
                        + "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok");
            }
        });
        Http1Response r = client.post(s.uri("/"), JSON, new byte[0], TIMEOUT);
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.header("link")).isEmpty();
        assertThat(text(r)).isEqualTo("ok");
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void does_not_reuse_a_connection_the_server_asked_to_close() throws Exception {
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            c.read();
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThat(s.accepts()).isEqualTo(2);
    }

    @Test
    void does_not_reuse_an_http_1_0_connection() throws Exception {
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.read();
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThat(s.accepts()).isEqualTo(2);
    }

    @Test
    void retries_once_on_a_fresh_connection_when_the_pooled_one_was_closed() throws Exception {
        RawServer s = server(c -> {
            // answer one request, then close the idle keep-alive connection like a server timeout
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        });
        assertThat(text(client.post(s.uri("/"), JSON, "1".getBytes(), TIMEOUT))).isEqualTo("ok");
        Thread.sleep(50);
        assertThat(text(client.post(s.uri("/"), JSON, "2".getBytes(), TIMEOUT))).isEqualTo("ok");
        assertThat(s.accepts()).isEqualTo(2);
        assertThat(s.requests()).extracting(RawServer.Request::bodyText).containsExactly("1", "2");
    }

    @Test
    void retries_a_stale_connection_only_once() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        RawServer s = server(c -> {
            c.read();
            if (connections.incrementAndGet() == 1) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            }
            // every later connection reads the request and closes without an answer
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        Thread.sleep(50);
        assertThatThrownBy(() -> client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class);
        assertThat(s.accepts()).isEqualTo(2);
    }

    @Test
    void does_not_retry_a_fresh_connection() throws Exception {
        RawServer s = server(c -> c.read());
        assertThatThrownBy(() -> client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class);
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void does_not_retry_after_part_of_the_response_arrived() throws Exception {
        AtomicInteger connections = new AtomicInteger();
        RawServer s = server(c -> {
            connections.incrementAndGet();
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-");
        });
        assertThat(text(client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("ok");
        assertThatThrownBy(() -> client.post(s.uri("/"), JSON, new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class);
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void fails_when_the_body_is_cut_short() throws Exception {
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
        });
        try (Http1Response r = client.post(s.uri("/"), JSON, new byte[0], TIMEOUT)) {
            assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
        }
        assertThat(client.idleConnections(s.uri("/"))).isZero();
    }

    @Test
    void closing_before_the_end_closes_the_socket() throws Exception {
        CompletableFuture<Long> serverSawEnd = new CompletableFuture<>();
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n");
            long start = System.nanoTime();
            try {
                while (c.in().read() >= 0) {
                    // keep waiting for the client to go away
                }
            } catch (IOException e) {
                // a reset is as good as an end of stream
            }
            serverSawEnd.complete(System.nanoTime() - start);
        });
        Http1Response r = client.post(s.uri("/"), JSON, new byte[0], TIMEOUT);
        assertThat(new String(r.body().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("first");
        r.close();
        long waited = serverSawEnd.get(1, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(waited)).isLessThan(Duration.ofSeconds(1));
        assertThatThrownBy(() -> r.body().read()).isInstanceOf(IOException.class);
        assertThat(client.idleConnections(s.uri("/"))).isZero();
    }

    @Test
    void close_from_another_thread_unblocks_a_waiting_read() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            done.await(5, TimeUnit.SECONDS);
        });
        Http1Response r = client.post(s.uri("/"), JSON, new byte[0], TIMEOUT);
        Thread.ofVirtual().start(() -> {
            sleep(100);
            r.close();
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> r.body().read()).isInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        done.countDown();
    }

    @Test
    void times_out_waiting_for_the_first_byte() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RawServer s = server(c -> {
            c.read();
            done.await(5, TimeUnit.SECONDS);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> client.post(s.uri("/"), JSON, new byte[0], Duration.ofMillis(200)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(150),
                Duration.ofSeconds(2));
        done.countDown();
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void times_out_on_a_silent_stream_but_not_on_one_that_keeps_sending() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        RawServer s = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            // ten chunks 100 ms apart: 1 s in total, longer than the 300 ms read timeout
            for (int i = 0; i < 10; i++) {
                c.write("1\r\n" + i + "\r\n");
                Thread.sleep(100);
            }
            done.await(5, TimeUnit.SECONDS);
        });
        Http1Response r = client.post(s.uri("/"), JSON, new byte[0], Duration.ofMillis(300));
        InputStream body = r.body();
        StringBuilder seen = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            seen.append((char) body.read());
        }
        assertThat(seen).hasToString("0123456789");
        assertThatThrownBy(body::read).isInstanceOf(SocketTimeoutException.class);
        done.countDown();
    }

    @Test
    void does_not_reuse_connections_idle_longer_than_the_limit() throws Exception {
        try (Http1Client shortIdle = new Http1Client(Duration.ofSeconds(2),
                (SSLSocketFactory) SSLSocketFactory.getDefault(), 4,
                Duration.ofMillis(50))) {
            RawServer s = server(Http1ClientTest::echo);
            assertThat(text(shortIdle.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("got:");
            Thread.sleep(120);
            assertThat(text(shortIdle.post(s.uri("/"), JSON, new byte[0], TIMEOUT))).isEqualTo("got:");
            assertThat(s.accepts()).isEqualTo(2);
        }
    }

    @Test
    void serves_200_virtual_threads_at_once() throws Exception {
        RawServer s = server(Http1ClientTest::echo);
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> all = new ArrayList<>();
            for (int t = 0; t < 200; t++) {
                int id = t;
                all.add(pool.submit(() -> {
                    for (int i = 0; i < 5; i++) {
                        String sent = id + "-" + i;
                        String got = text(client.post(s.uri("/"), JSON, sent.getBytes(), TIMEOUT));
                        if (!got.equals("got:" + sent)) {
                            wrong.add(sent + " -> " + got);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : all) {
                f.get(30, TimeUnit.SECONDS);
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(s.requests()).hasSize(1000);
        assertThat(s.accepts()).isBetween(1, 200);
        assertThat(client.idleConnections(s.uri("/"))).isEqualTo(s.accepts());
    }

    @Test
    void rejects_a_malformed_status_line_and_conflicting_lengths() throws Exception {
        RawServer garbage = server(c -> {
            c.read();
            c.write("SSH-2.0-OpenSSH\r\n\r\n");
        });
        assertThatThrownBy(() -> client.post(garbage.uri("/"), JSON, new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("status line");
        RawServer conflicting = server(c -> {
            c.read();
            c.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc");
        });
        assertThatThrownBy(() -> client.post(conflicting.uri("/"), JSON, new byte[0], TIMEOUT))
                .isInstanceOf(IOException.class).hasMessageContaining("Content-Length");
    }

    @Test
    void reuses_the_connection_after_a_204_without_body() throws Exception {
        RawServer s = server(c -> {
            while (c.read() != null) {
                c.write("HTTP/1.1 204 No Content\r\n\r\n");
            }
        });
        for (int i = 0; i < 3; i++) {
            Http1Response r = client.post(s.uri("/"), JSON, new byte[0], TIMEOUT);
            assertThat(r.status()).isEqualTo(204);
            assertThat(text(r)).isEmpty();
        }
        assertThat(s.accepts()).isEqualTo(1);
    }

    @Test
    void rejects_header_injection_and_client_owned_headers() throws Exception {
        RawServer s = server(Http1ClientTest::echo);
        List<String[]> injected = List.<String[]>of(new String[] {"X-A", "v\r\nX-B: 1"});
        assertThatThrownBy(() -> client.post(s.uri("/"), injected, new byte[0], TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("X-B");
        List<String[]> owned = List.<String[]>of(new String[] {"Content-Length", "3"});
        assertThatThrownBy(() -> client.post(s.uri("/"), owned, new byte[0], TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.get(URI.create("ftp://127.0.0.1/"), List.of(), TIMEOUT))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(s.accepts()).isZero();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
