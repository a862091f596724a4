package dev.oauthrouter.testing;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The replay server itself: it must send recorded bytes unchanged, with the recorded status and
 * headers, in pieces that split lines and UTF-8 characters, and record what it received.
 */
class ReplayUpstreamTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private ReplayUpstream replay;

    @BeforeEach
    void start() {
        replay = ReplayUpstream.start();
    }

    @AfterEach
    void stop() {
        replay.close();
    }

    @Test
    void serves_a_cassette_stream_byte_for_byte_with_its_own_framing() throws Exception {
        Capture groq = Captures.cassette("groq/pydantic-ai/test_tool_use_failed_error_streaming.yaml", 0);
        assertThat(groq.text()).contains("event: error\n");
        replay.serve(groq);

        HttpResponse<byte[]> res = post("{\"stream\":true}");

        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).contains("text/event-stream");
        assertThat(res.body()).isEqualTo(groq.body());
    }

    @Test
    void keeps_comment_keep_alives_and_crlf() throws Exception {
        Capture openRouter = Captures.cassette("openrouter/pydantic-ai/"
                + "test_openrouter_stream_with_reasoning.yaml", 0).withCrlf();
        assertThat(openRouter.text()).startsWith(": OPENROUTER PROCESSING\r\n\r\n");
        replay.serve(openRouter);

        HttpResponse<byte[]> res = post("{}");

        assertThat(new String(res.body(), StandardCharsets.UTF_8)).isEqualTo(openRouter.text());
    }

    @Test
    void serves_recorded_status_and_headers_but_not_connection_framing() throws Exception {
        replay.serve(Captures.cassette("openrouter/pydantic-ai/test_openrouter_errors_raised.yaml", 0)
                .withHeader("Retry-After", "7"));

        HttpResponse<byte[]> res = post("{}");

        assertThat(res.statusCode()).isEqualTo(429);
        assertThat(res.headers().firstValue("retry-after")).contains("7");
        assertThat(res.headers().firstValue("referrer-policy")).isPresent();
        assertThat(new String(res.body(), StandardCharsets.UTF_8)).contains("Provider returned error");
    }

    @Test
    void decodes_gzip_har_bodies() {
        Capture together = Captures.har("together/openllmetry-js/chat_1427850401/recording.har", 0);

        assertThat(together.header("content-encoding")).contains("gzip");
        assertThat(together.text()).contains("\"finish_reason\": \"eos\"");
        assertThat(together.request()).hasValueSatisfying(r ->
                assertThat(r.path("model").asText()).isEqualTo("Qwen/Qwen2.5-72B-Instruct-Turbo"));
    }

    @Test
    void cuts_recorded_streams_mid_line_and_mid_utf8_character() {
        byte[] body = Captures.chunks("openai/vercel-ai/openai-text.chunks.txt").body();
        List<Integer> cuts = ReplayUpstream.cuts(body, replay.pieceSeed(0), replay.maxPiece());

        assertThat(cuts.size()).isGreaterThan(100);
        boolean midLine = false;
        boolean midChar = false;
        for (int end : cuts.subList(0, cuts.size() - 1)) {
            midLine |= body[end - 1] != '\n';
            // a UTF-8 continuation byte right after the cut means a character was split
            midChar |= (body[end] & 0xC0) == 0x80;
        }
        assertThat(midLine).isTrue();
        assertThat(midChar).as("some piece boundary splits a multi-byte character").isTrue();
    }

    @Test
    void delivers_a_stream_over_many_reads() throws Exception {
        replay.serve(Captures.chunks("openai/vercel-ai/openai-text.chunks.txt"));

        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create(replay.url() + "/v1/x"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        int reads = 0;
        try (InputStream in = res.body()) {
            byte[] buf = new byte[65536];
            while (in.read(buf) >= 0) {
                reads++;
            }
        }

        assertThat(reads).isGreaterThan(20);
    }

    @Test
    void records_requests_with_headers_and_body() throws Exception {
        replay.serve(Capture.json(200, "{}"));

        http.send(HttpRequest.newBuilder(URI.create(replay.url() + "/v1/chat/completions"))
                .header("Authorization", "Bearer sk-test")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\"}")).build(),
                HttpResponse.BodyHandlers.discarding());

        RecordedRequest r = replay.onlyRequest();
        assertThat(r.path()).isEqualTo("/v1/chat/completions");
        assertThat(r.header("Authorization")).contains("Bearer sk-test");
        assertThat(r.json().path("model").asText()).isEqualTo("m");
    }

    private HttpResponse<byte[]> post(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(replay.url() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
