package dev.oauthrouter.dashboard;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;

import dev.oauthrouter.admin.AdminFeature;
import dev.oauthrouter.admin.TokenService;
import dev.oauthrouter.auth.CachedTokenAuthenticator;
import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.quota.JdbcQuotaGate;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.server.RouterServer;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.TestDatabase;
import dev.oauthrouter.usage.JdbcUsageSink;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A whole router for dashboard tests: H2 database, token service, quota gate, usage sink, admin API,
 * dashboard, and one provider ({@code openai}) pointing at an in-process fake upstream.
 */
final class DashboardTestRouter implements AutoCloseable {
    /** Prompt tokens the fake upstream reports per answer. */
    static final int PROMPT_TOKENS = 11;
    /** Completion tokens the fake upstream reports per answer. */
    static final int COMPLETION_TOKENS = 7;

    private final WebServer upstream;
    private final TestDatabase testDatabase;
    private final CachedTokenAuthenticator authenticator;
    private final JdbcUsageSink usage;
    private final WebServer router;
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    private DashboardTestRouter(String adminKey) {
        upstream = WebServer.builder().port(0).host("127.0.0.1")
                .routing(r -> r.post("/v1/chat/completions", (req, res) -> {
                    upstreamCalls.incrementAndGet();
                    ObjectNode body = Json.object();
                    body.put("id", "chatcmpl-test").put("object", "chat.completion").put("created", 1)
                            .put("model", "gpt-4o-mini");
                    ObjectNode choice = body.putArray("choices").addObject();
                    choice.put("index", 0).put("finish_reason", "stop");
                    choice.putObject("message").put("role", "assistant").put("content", "Hello from upstream");
                    body.putObject("usage").put("prompt_tokens", PROMPT_TOKENS)
                            .put("completion_tokens", COMPLETION_TOKENS)
                            .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(Json.bytes(body));
                }).get("/v1/models", (req, res) -> {
                    ObjectNode body = Json.object();
                    var data = body.putArray("data");
                    for (String id : List.of("gpt-4o-mini", "gpt-4o", "o3-mini")) {
                        data.addObject().put("id", id).put("object", "model");
                    }
                    res.header(HeaderValues.CONTENT_TYPE_JSON);
                    res.send(Json.bytes(body));
                }))
                .build().start();
        String yaml = """
                server: { host: 127.0.0.1, port: 0 }
                database: { url: "jdbc:h2:mem:unused" }
                admin: { key: "%s" }
                providers:
                  openai: { api_key: "sk-upstream-test", base_url: "http://127.0.0.1:%d/v1",
                            models: [gpt-4o-mini, gpt-4o] }
                """.formatted(adminKey, upstream.port());
        RouterConfig config = ConfigLoader.create(name -> null).parse(yaml);
        Clock clock = Clock.systemUTC();
        testDatabase = TestDatabase.create(Dialect.H2);
        Database db = testDatabase.open();
        Plans plans = Plans.fromOptional(config.plans());
        TokenService tokens = new TokenService(db, new AesGcmSecretCipher(MasterKey.generate()), plans, clock);
        authenticator = new CachedTokenAuthenticator(new JdbcTokenStore(db), clock, Duration.ofMillis(250));
        tokens.onChange(authenticator::invalidate);
        usage = JdbcUsageSink.create(db);
        ProviderRegistry providers = ProviderRegistry.create(config.providers().values(),
                settings -> () -> new Credential() {
                    @Override
                    public String headerName() {
                        return "Authorization";
                    }

                    @Override
                    public String headerValue() {
                        return "Bearer " + settings.apiKey();
                    }
                }, Map.of());
        DashboardFeature dashboard = DashboardFeature.create(config.adminKey(), providers,
                CredentialStatus.Source.API_KEYS, clock);
        AdminFeature admin = AdminFeature.create(config.adminKey(), tokens, dashboard.sessions());
        RouterServer.Components components = new RouterServer.Components(providers, authenticator,
                new JdbcQuotaGate(db, plans, clock), usage, List.of(), List.of(), () -> true);
        router = WebServer.builder().host("127.0.0.1").port(0).shutdownHook(false)
                .routing(r -> {
                    r.addFeature(dashboard);
                    r.addFeature(admin);
                    RouterServer.routing(r, config, components);
                })
                .build().start();
    }

    /** Starts a router with the admin key; blank turns the admin API off. */
    static DashboardTestRouter start(String adminKey) {
        return new DashboardTestRouter(adminKey);
    }

    /** Returns the router's base address, e.g. {@code http://127.0.0.1:12345}. */
    URI base() {
        return URI.create("http://127.0.0.1:" + router.port());
    }

    /** Returns how many chat requests reached the fake upstream. */
    int upstreamCalls() {
        return upstreamCalls.get();
    }

    @Override
    public void close() {
        router.stop();
        usage.close();
        authenticator.close();
        testDatabase.close();
        upstream.stop();
    }
}
