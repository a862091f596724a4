package dev.oauthrouter.server;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

import dev.oauthrouter.auth.TokenAuthenticator;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.providers.UpstreamClient;
import dev.oauthrouter.quota.QuotaGate;
import dev.oauthrouter.usage.UsageSink;

import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.observe.ObserveFeature;
import io.helidon.webserver.observe.health.HealthObserver;
import io.helidon.webserver.observe.metrics.MetricsObserver;

/**
 * Builds the web server: filters, the OpenAI API, admin and dashboard services, health and metrics,
 * and error rendering in the OpenAI envelope.
 */
public final class RouterServer {
    private static final System.Logger LOGGER = System.getLogger(RouterServer.class.getName());

    private RouterServer() {
    }

    /**
     * What the server is built from.
     *
     * @param providers     configured providers
     * @param tokens        router token lookup
     * @param quota         monthly quota gate
     * @param usage         usage row sink
     * @param extensions    routing added by other parts (admin API, dashboard): filters and services
     * @param ready         readiness check (database reachable)
     */
    public record Components(ProviderRegistry providers,
                             TokenAuthenticator tokens,
                             QuotaGate quota,
                             UsageSink usage,
                             List<Consumer<HttpRouting.Builder>> extensions,
                             BooleanSupplier ready) {
        /** Copies the list. */
        public Components {
            extensions = List.copyOf(extensions);
        }
    }

    /** Builds and starts the server. */
    public static WebServer start(RouterConfig config, Components components) {
        WebServer server = WebServer.builder()
                .host(config.server().host())
                .port(config.server().port())
                .shutdownHook(false)
                .addFeature(ObserveFeature.builder()
                        .addObserver(HealthObserver.builder()
                                .addCheck(() -> components.ready().getAsBoolean()
                                        ? io.helidon.health.HealthCheckResponse.builder().status(true).build()
                                        : io.helidon.health.HealthCheckResponse.builder().status(false).build(),
                                        io.helidon.health.HealthCheckType.READINESS, "database")
                                .details(true)
                                .build())
                        .addObserver(MetricsObserver.create())
                        .build())
                .routing(r -> routing(r, config, components))
                .build()
                .start();
        LOGGER.log(Level.INFO, "OauthRouter listening on http://" + config.server().host() + ":" + server.port()
                + " with providers " + components.providers().all().stream().map(p -> p.name()).toList());
        return server;
    }

    /** Sets up routing; exposed for tests that run the router inside another server. */
    public static void routing(HttpRouting.Builder routing, RouterConfig config, Components c) {
        routing.addFilter(new RequestLogFilter())
                .addFilter(new TokenFilter(c.tokens()));
        routing.register("/v1/chat/completions", new ChatCompletionsService(c.providers(),
                        UpstreamClient.create(config.upstream()), c.quota(), c.usage(), config.server().maxBodySize()))
                .register("/v1/models", new ModelsService(c.providers()));
        c.extensions().forEach(e -> e.accept(routing));
        routing.get("/health", (req, res) -> {
            boolean up = c.ready().getAsBoolean();
            res.status(up ? Status.OK_200 : Status.SERVICE_UNAVAILABLE_503);
            res.header(HeaderValues.CONTENT_TYPE_JSON);
            res.send(Json.bytes(Json.object().put("status", up ? "UP" : "DOWN")));
        });
        routing.error(ApiException.class, (req, res, e) -> ErrorResponses.send(res, e))
                .error(Throwable.class, (req, res, e) -> {
                    String id = req.context().get(RequestInfo.class).map(i -> i.id).orElse("-");
                    LOGGER.log(Level.ERROR, "[" + id + "] unexpected failure", e);
                    ErrorResponses.send(res, new ApiException(500, "api_error", "internal_error", null,
                            "The router failed unexpectedly (request " + id + "). This is a bug; the log has "
                                    + "the details."));
                });
        routing.addFeature(new NotFoundFeature());
    }
}
