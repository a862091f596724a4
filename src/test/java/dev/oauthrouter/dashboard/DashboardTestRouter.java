package dev.oauthrouter.dashboard;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

import dev.oauthrouter.RouterApp;
import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The whole router ({@link RouterApp}) for dashboard tests, on a private in-memory H2 database, with one
 * provider ({@code openai}) pointing at an in-process fake upstream.
 */
final class DashboardTestRouter implements AutoCloseable {
    /** Prompt tokens the fake upstream reports per answer. */
    static final int PROMPT_TOKENS = 11;
    /** Completion tokens the fake upstream reports per answer. */
    static final int COMPLETION_TOKENS = 7;

    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final WebServer upstream;
    private final Path dataDir;
    private final RouterApp app;

    private DashboardTestRouter(String adminKey) {
        upstream = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    upstreamCalls.incrementAndGet();
                    ObjectNode body = Json.object();
                    body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1)
                            .put("model", "gpt-4o-mini");
                    ObjectNode choice = body.putArray("choices").addObject();
                    choice.put("index", 0).put("finish_reason", "stop");
                    choice.putObject("message").put("role", "assistant")
                            .put("content", "Hello from upstream");
                    body.putObject("usage").put("prompt_tokens", PROMPT_TOKENS)
                            .put("completion_tokens", COMPLETION_TOKENS)
                            .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(Json.bytes(body));
                }).get("/v1/models", (req, res) -> {
                    ObjectNode body = Json.object();
                    ArrayNode data = body.putArray("data");
                    for (String id : List.of("gpt-4o-mini", "gpt-4o", "o3-mini")) {
                        data.addObject().put("id", id).put("object", "model");
                    }
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(Json.bytes(body));
                }))
                .build().start();
        try {
            dataDir = Files.createTempDirectory("oauthrouter-dashboard-test");
        } catch (IOException e) {
            upstream.stop();
            throw new UncheckedIOException(e);
        }
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                database: { url: "jdbc:h2:mem:dash%s;DB_CLOSE_DELAY=-1" }
                data_dir: "%s"
                admin: { key: "%s" }
                providers:
                  openai: { api_key: "sk-upstream-test", base_url: "http://127.0.0.1:%d/v1",
                            models: [gpt-4o-mini, gpt-4o] }
                """.formatted(UUID.randomUUID().toString().replace("-", ""), dataDir, adminKey,
                upstream.port());
        RouterConfig config = ConfigLoader.create(name -> null).parse(yaml);
        app = RouterApp.start(config);
    }

    /** Starts a router with the admin key; blank turns the admin API off. */
    static DashboardTestRouter start(String adminKey) {
        return new DashboardTestRouter(adminKey);
    }

    /** Returns the router's base address, e.g. {@code http://127.0.0.1:12345}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + app.port());
    }

    /** Returns how many chat requests reached the fake upstream. */
    int upstreamCalls() {
        return upstreamCalls.get();
    }

    @Override
    public void close() {
        app.close();
        upstream.stop();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
