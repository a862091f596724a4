package dev.oauthrouter.server;

import java.lang.System.Logger.Level;
import java.util.List;
import java.util.function.BooleanSupplier;

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
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.HttpService;
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
     * @param extraServices services mounted as they are (admin API, dashboard), with their filters
     * @param extraFilters  filters added after authentication-free ones (e.g. the admin key filter)
     * @param ready         readiness check (database reachable)
     */
    public record Components(ProviderRegistry providers,
                             TokenAuthenticator tokens,
                             QuotaGate quota,
                             UsageSink usage,
                             List<Mount> extraServices,
                             List<Filter> extraFilters,
                             BooleanSupplier ready) {
        /** Copies lists. */
        public Components {
            extraServices = List.copyOf(extraServices);
            extraFilters = List.copyOf(extraFilters);
        }
    }

    /**
     * A service mounted at a path.
     *
     * @param path    path prefix, e.g. {@code /admin/api}
     * @param service the service
     */
    public record Mount(String path, HttpService service) {
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
        c.extraFilters().forEach(routing::addFilter);
        routing.register("/v1/chat/completions", new ChatCompletionsService(c.providers(),
                        UpstreamClient.create(config.upstream()), c.quota(), c.usage(), config.server().maxBodySize()))
                .register("/v1/models", new ModelsService(c.providers()));
        for (Mount m : c.extraServices()) {
            routing.register(m.path(), m.service());
        }
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
        routing.any((req, res) -> ErrorResponses.send(res, new ApiException(404, "invalid_request_error",
                "unknown_url", null, "Unknown request URL: " + req.prologue().method().text() + " "
                        + req.path().path() + ". The API is POST /v1/chat/completions and GET /v1/models.")));
    }
}
