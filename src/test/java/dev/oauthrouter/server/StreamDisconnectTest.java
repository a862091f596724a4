package dev.oauthrouter.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.oauthrouter.testing.Capture;
import dev.oauthrouter.testing.ReplayUpstream;
import dev.oauthrouter.testing.RouterHarness;
import dev.oauthrouter.usage.UsageRecord;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that goes away in the middle of a stream: the router must close its upstream request
 * promptly (the provider keeps billing an open stream) and still write the usage row.
 */
class StreamDisconnectTest {
    private ReplayUpstream replay;
    private RouterHarness router;

    @BeforeEach
    void start() {
        List<String> lines = new ArrayList<>();
        String head = "{\"id\":\"chatcmpl-long\",\"object\":\"chat.completion.chunk\",\"created\":1770000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":";
        lines.add(head + "{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}");
        for (int i = 0; i < 4000; i++) {
            lines.add(head + "{\"content\":\" word" + i + "\"},\"finish_reason\":null}]}");
        }
        lines.add(head + "{},\"finish_reason\":\"stop\"}]}");
        // about 10 seconds of stream, so only an early close can end it in time
        replay = ReplayUpstream.start().serve(Capture.sse(lines)).maxPiece(200)
                .pieceDelay(Duration.ofMillis(2));
        router = RouterHarness.builder()
                .provider("openai", "OPENAI_API_KEY", "sk-openai-test", replay.url() + "/v1")
                .start();
    }

    @AfterEach
    void stop() {
        router.close();
        replay.close();
    }

    @Test
    void closes_the_upstream_request_within_a_second_and_records_an_abandoned_row() throws Exception {
        long closedAt;
        String received;
        try (Socket socket = new Socket("127.0.0.1", router.port())) {
            InputStream in = sendStreamRequest(socket, "Count.");
            StringBuilder seen = new StringBuilder();
            byte[] buf = new byte[1024];
            while (seen.indexOf("word20 ") < 0 && seen.indexOf("word20\"") < 0) {
                int n = in.read(buf);
                assertThat(n).as("stream ended early: " + seen).isPositive();
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            received = seen.toString();
            closedAt = System.nanoTime();
        }

        assertThat(received).startsWith("HTTP/1.1 200").contains("data: {");
        long abortedAt = replay.awaitAbort(Duration.ofSeconds(3));
        assertThat(Duration.ofNanos(abortedAt - closedAt)).isLessThan(Duration.ofSeconds(1));
        assertThat(replay.completed()).isZero();

        UsageRecord row = router.usage().awaitSingle(Duration.ofSeconds(3));
        assertThat(row.abandoned()).as(row.toString()).isTrue();
        assertThat(row.streamed()).isTrue();
        assertThat(row.status()).isEqualTo(200);
        assertThat(row.provider()).isEqualTo("openai");
        assertThat(row.tokenId()).isPositive();
    }

    @Test
    void notices_a_client_that_left_while_the_provider_is_silent() throws Exception {
        // an upstream that answers 200, sends one event and then thinks for a long time
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Long> upstreamClosedAt = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (Socket s = silent.accept()) {
                    InputStream in = s.getInputStream();
                    byte[] buf = new byte[65536];
                    StringBuilder request = new StringBuilder();
                    while (request.indexOf("\"messages\"") < 0) {
                        int n = in.read(buf);
                        if (n < 0) {
                            return;
                        }
                        request.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                    String event = "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
                            + "\"content\":\"thinking\"},\"finish_reason\":null}]}\n\n";
                    s.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(event.length())
                            + "\r\n" + event + "\r\n").getBytes(StandardCharsets.UTF_8));
                    s.getOutputStream().flush();
                    s.setSoTimeout(20_000);
                    while (in.read(buf) >= 0) {
                        // the router sends nothing more; EOF means it closed the request
                    }
                    upstreamClosedAt.complete(System.nanoTime());
                } catch (IOException e) {
                    upstreamClosedAt.complete(System.nanoTime());
                }
            });
            try (RouterHarness quiet = RouterHarness.builder()
                    .provider("openai", "OPENAI_API_KEY", "sk-openai-test",
                            "http://127.0.0.1:" + silent.getLocalPort() + "/v1")
                    .start()) {
                long closedAt;
                try (Socket socket = new Socket("127.0.0.1", quiet.port())) {
                    InputStream in = sendStreamRequest(socket, "Think.");
                    StringBuilder seen = new StringBuilder();
                    byte[] buf = new byte[1024];
                    while (seen.indexOf("thinking") < 0) {
                        int n = in.read(buf);
                        assertThat(n).as("stream ended early: " + seen).isPositive();
                        seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                    closedAt = System.nanoTime();
                }
                long upstreamClosed = upstreamClosedAt.get(10, TimeUnit.SECONDS);
                // keep-alive comments go out after a second of silence; the second one finds the
                // connection reset
                assertThat(Duration.ofNanos(upstreamClosed - closedAt)).isLessThan(Duration.ofMillis(3000));
                UsageRecord row = quiet.usage().awaitSingle(Duration.ofSeconds(3));
                assertThat(row.abandoned()).as(row.toString()).isTrue();
                assertThat(row.status()).isEqualTo(200);
            }
        }
    }

    /** Writes a streaming chat request by hand (the test then closes the socket mid-answer). */
    private static InputStream sendStreamRequest(Socket socket, String prompt) throws IOException {
        byte[] body = ("{\"model\":\"openai/gpt-4o-mini\",\"stream\":true,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: Bearer " + RouterHarness.TOKEN + "\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket.getInputStream();
    }
}
