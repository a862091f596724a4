package dev.oauthrouter.quota;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import dev.oauthrouter.RouterApp;
import dev.oauthrouter.admin.TokenSpec;
import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.testing.TestDatabases;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monthly limit holds exactly through the real HTTP path: N concurrent requests at a token with
 * K messages left get exactly K answers 200 and N - K answers 429, on one router with H2 and on two
 * routers sharing PostgreSQL.
 */
class QuotaConcurrencyTest {
    private static final String COMPLETION = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"ok\"},"
            + "\"finish_reason\":\"stop\"}],"
            + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
    private static final String BODY = "{\"model\":\"mock/m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static WebServer upstream;
    private static HttpClient http;

    @BeforeAll
    static void startUpstream() {
        upstream = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    String body = req.content().as(String.class);
                    if (!body.contains("\"stream\":true")) {
                        res.header(HeaderValues.CONTENT_TYPE_JSON).send(COMPLETION);
                        return;
                    }
                    // twenty deltas 50 ms apart, then usage and [DONE]
                    res.header(HeaderValues.create(io.helidon.http.HeaderNames.CONTENT_TYPE, "text/event-stream"));
                    try (var out = res.outputStream()) {
                        for (int i = 0; i < 20; i++) {
                            out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                                    + "\"model\":\"m\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"w" + i
                                    + " \"},\"finish_reason\":null}]}\n\n").getBytes(StandardCharsets.UTF_8));
                            out.flush();
                            Thread.sleep(50);
                        }
                        out.write(("data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,"
                                + "\"model\":\"m\",\"choices\":[],\"usage\":{\"prompt_tokens\":3,"
                                + "\"completion_tokens\":20,\"total_tokens\":23}}\n\ndata: [DONE]\n\n")
                                .getBytes(StandardCharsets.UTF_8));
                    } catch (Exception e) {
                        // the router went away (an abandoned stream); nothing to do
                    }
                }))
                .build().start();
        http = HttpClient.newBuilder().executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    @AfterAll
    static void stopUpstream() {
        upstream.stop();
    }

    private static RouterConfig config(String dbUrl, Path dataDir) {
        return ConfigLoader.create(k -> null).parse("""
                server: { host: 127.0.0.1, port: 0 }
                database: { url: "%s", user: "%s", pool_size: 8 }
                data_dir: "%s"
                security: { master_key: "%s" }
                plans: { fifty: 50, free: 100 }
                providers:
                  mock: { type: openai-compatible, base_url: "http://127.0.0.1:%d/v1" }
                """.formatted(dbUrl, dbUrl.startsWith("jdbc:postgresql") ? "postgres" : "sa", dataDir,
                "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", upstream.port()));
    }

    @RepeatedTest(3)
    void one_router_on_h2_admits_exactly_the_remaining_messages() throws Exception {
        Path dir = Files.createTempDirectory("quota-h2");
        try (RouterApp router = RouterApp.start(config("jdbc:h2:file:" + dir + "/db", dir))) {
            String token = router.store().tokens().create(new TokenSpec("burst", Optional.of("fifty"),
                    Optional.empty(), List.of())).secret();
            Map<Integer, Integer> counts = burst(token, List.of(router.port()), 200);
            assertThat(counts).containsEntry(200, 50).containsEntry(429, 150).hasSize(2);
            assertThat(router.store().tokens().view("burst").used()).isEqualTo(50);
        }
    }

    @RepeatedTest(3)
    void two_routers_on_postgresql_admit_exactly_the_remaining_messages() throws Exception {
        String schema = TestDatabases.createPgSchema();
        String url = TestDatabases.PG_URL + "?currentSchema=" + schema;
        Path dir = Files.createTempDirectory("quota-pg");
        try (RouterApp a = RouterApp.start(config(url, dir));
             RouterApp b = RouterApp.start(config(url, dir))) {
            String token = a.store().tokens().create(new TokenSpec("burst", Optional.of("fifty"),
                    Optional.empty(), List.of())).secret();
            Map<Integer, Integer> counts = burst(token, List.of(a.port(), b.port()), 200);
            assertThat(counts).containsEntry(200, 50).containsEntry(429, 150).hasSize(2);
            assertThat(b.store().tokens().view("burst").used()).isEqualTo(50);
        } finally {
            TestDatabases.dropPgSchema(schema);
        }
    }

    @Test
    void regenerate_and_revoke_reach_the_other_router_within_a_second() throws Exception {
        String schema = TestDatabases.createPgSchema();
        String url = TestDatabases.PG_URL + "?currentSchema=" + schema;
        Path dir = Files.createTempDirectory("revoke-pg");
        try (RouterApp a = RouterApp.start(config(url, dir));
             RouterApp b = RouterApp.start(config(url, dir))) {
            String old = a.store().tokens().create(new TokenSpec("rot", Optional.of("free"),
                    Optional.empty(), List.of())).secret();
            assertThat(status(b.port(), old)).isEqualTo(200);
            String fresh = a.store().tokens().regenerate("rot").secret();
            assertThat(status(a.port(), old)).as("old secret on the router that regenerated").isEqualTo(401);
            assertThat(untilStatus(b.port(), old, 401)).as("ms until the other router refuses the old secret")
                    .isLessThan(1000);
            assertThat(status(b.port(), fresh)).isEqualTo(200);
            a.store().tokens().revoke("rot");
            assertThat(status(a.port(), fresh)).isEqualTo(401);
            assertThat(untilStatus(b.port(), fresh, 401)).isLessThan(1000);
        } finally {
            TestDatabases.dropPgSchema(schema);
        }
    }

    private static int status(int port, String token) throws Exception {
        return http.send(post(port, token, BODY), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** Returns the milliseconds until the router answers the given status (gives up after 5 s). */
    private static long untilStatus(int port, String token, int expected) throws Exception {
        long start = System.nanoTime();
        while (status(port, token) != expected) {
            if (System.nanoTime() - start > 5_000_000_000L) {
                break;
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    @Test
    void every_stream_writes_its_usage_row_also_when_abandoned() throws Exception {
        Path dir = Files.createTempDirectory("usage-burst");
        String url = "jdbc:h2:file:" + dir + "/db";
        int streams = 24;
        int abandon = 9;
        try (RouterApp router = RouterApp.start(config(url, dir))) {
            String token = router.store().tokens().create(new TokenSpec("streams", Optional.of("free"),
                    Optional.empty(), List.of())).secret();
            String body = "{\"model\":\"mock/m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
            List<Future<String>> results = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < streams; i++) {
                    boolean leave = i < abandon;
                    results.add(pool.submit(() -> {
                        HttpResponse<InputStream> r = http.send(post(router.port(), token, body),
                                HttpResponse.BodyHandlers.ofInputStream());
                        try (InputStream in = r.body()) {
                            if (leave) {
                                in.read(new byte[64]);
                                return "left";
                            }
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }));
                }
            }
            for (Future<String> f : results) {
                assertThat(f.get()).satisfiesAnyOf(t -> assertThat(t).isEqualTo("left"),
                        t -> assertThat(t).endsWith("data: [DONE]\n\n"));
            }
            // streams that were left are noticed at their next chunk; give them that long
            Thread.sleep(500);
        }
        // the router is closed: its usage queue was drained into the database
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(CASE WHEN abandoned THEN 1 ELSE 0 END), "
                     + "SUM(CASE WHEN NOT abandoned AND completion_tokens = 20 THEN 1 ELSE 0 END) FROM usage_event")) {
            rs.next();
            assertThat(rs.getInt(1)).as("usage rows").isEqualTo(streams);
            assertThat(rs.getInt(2)).as("abandoned rows").isEqualTo(abandon);
            assertThat(rs.getInt(3)).as("complete rows with usage").isEqualTo(streams - abandon);
        }
    }

    @Test
    void rejected_requests_do_not_count_and_carry_the_quota_headers() throws Exception {
        Path dir = Files.createTempDirectory("quota-400");
        try (RouterApp router = RouterApp.start(config("jdbc:h2:file:" + dir + "/db", dir))) {
            String token = router.store().tokens().create(new TokenSpec("careful", Optional.of("fifty"),
                    Optional.empty(), List.of())).secret();
            HttpResponse<String> bad = http.send(post(router.port(), token, "{\"model\":\"mock/m\"}"),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("50");
            HttpResponse<String> ok = http.send(post(router.port(), token, BODY), HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("x-ratelimit-limit-requests")).hasValue("50");
            assertThat(ok.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("49");
            assertThat(ok.headers().firstValue("x-ratelimit-reset-requests")).isPresent();
            assertThat(router.store().tokens().view("careful").used()).isEqualTo(1);
        }
    }

    private static Map<Integer, Integer> burst(String token, List<Integer> ports, int n) throws Exception {
        List<Future<Integer>> results = new ArrayList<>();
        AtomicInteger i = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int k = 0; k < n; k++) {
                int port = ports.get(i.getAndIncrement() % ports.size());
                results.add(pool.submit(() -> http.send(post(port, token, BODY),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
        }
        Map<Integer, Integer> counts = new java.util.TreeMap<>();
        for (Future<Integer> f : results) {
            counts.merge(f.get(), 1, Integer::sum);
        }
        return counts;
    }

    private static HttpRequest post(int port, String token, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/chat/completions"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
