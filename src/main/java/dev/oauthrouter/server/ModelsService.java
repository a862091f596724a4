package dev.oauthrouter.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.providers.Provider;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.providers.UpstreamClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * {@code GET /v1/models}: the models of configured providers, as {@code provider/model} ids. The list
 * is the configured {@code models} as given, else the built-in catalogue merged with what the
 * provider's own models endpoint returns (fetched at most every ten minutes; a provider that cannot be
 * reached keeps its catalogue and never fails the listing).
 */
final class ModelsService implements HttpService {
    private static final Duration REFRESH_EVERY = Duration.ofMinutes(10);
    private static final Duration WAIT = Duration.ofMillis(1500);

    private final ProviderRegistry providers;
    private final UpstreamClient client;
    private final Map<String, Fetched> fetched = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    ModelsService(ProviderRegistry providers, UpstreamClient client) {
        this.providers = providers;
        this.client = client;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::list)
                .get("/{+id}", this::retrieve);
    }

    private void list(ServerRequest req, ServerResponse res) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        long created = Instant.now().getEpochSecond();
        for (String[] model : models(req)) {
            data.add(model(model, created));
        }
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.send(Json.bytes(root));
    }

    /** {@code GET /v1/models/{provider/model}}, as the OpenAI SDKs' {@code models.retrieve} sends it. */
    private void retrieve(ServerRequest req, ServerResponse res) {
        String id = req.path().pathParameters().get("id");
        for (String[] model : models(req)) {
            if ((model[0] + "/" + model[1]).equals(id)) {
                res.header(HeaderValues.CONTENT_TYPE_JSON);
                res.send(Json.bytes(model(model, Instant.now().getEpochSecond())));
                return;
            }
        }
        throw new ApiException(404, "invalid_request_error", "model_not_found", "model", "The model '" + id
                + "' does not exist on this router or this token may not use it. GET /v1/models lists them.");
    }

    /** Returns {provider, model} pairs of configured providers that the request's token may use. */
    private List<String[]> models(ServerRequest req) {
        // a token with a model allowlist sees only the models it may use
        TokenPrincipal token = req.context().get(TokenPrincipal.class).orElse(null);
        refreshStale();
        List<String[]> out = new ArrayList<>();
        for (Provider p : providers.all()) {
            Set<String> ids = new LinkedHashSet<>(p.models());
            Fetched f = fetched.get(p.name());
            if (f != null) {
                ids.addAll(f.models);
            }
            for (String id : ids) {
                if (token == null || token.allows(p.name() + "/" + id)) {
                    out.add(new String[] {p.name(), id});
                }
            }
        }
        return out;
    }

    private static ObjectNode model(String[] model, long created) {
        ObjectNode m = Json.object();
        m.put("id", model[0] + "/" + model[1]);
        m.put("object", "model");
        m.put("created", created);
        m.put("owned_by", model[0]);
        return m;
    }

    private void refreshStale() {
        List<Future<?>> running = new ArrayList<>();
        Instant now = Instant.now();
        for (Provider p : providers.all()) {
            // a models list in the config is the list: the provider's own listing would add models the
            // user left out on purpose; only catalogue-backed providers are refreshed
            if (p.spec().modelsPath().isEmpty() || providers.hasConfiguredModels(p)) {
                continue;
            }
            Fetched f = fetched.get(p.name());
            if (f == null || f.at.plus(REFRESH_EVERY).isBefore(now)) {
                // claim the slot first so concurrent listings don't all fetch
                fetched.put(p.name(), new Fetched(now, f == null ? List.of() : f.models));
                running.add(executor.submit(() -> fetch(p)));
            }
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (Future<?> task : running) {
            try {
                task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // slow or failing providers keep their configured list; the fetch goes on in the background
            }
        }
    }

    private void fetch(Provider p) {
        try {
            Credential c = p.credentials().acquire();
            client.get(p.baseUrl() + p.spec().modelsPath(), c, Duration.ofSeconds(5))
                    .map(body -> parse(Json.parse(body)))
                    .ifPresent(ids -> fetched.put(p.name(), new Fetched(Instant.now(), ids)));
        } catch (RuntimeException e) {
            // unreachable or odd providers are listed from config only
        }
    }

    /** Reads model ids from the listing shapes providers use: OpenAI, bare arrays, Gemini, Cohere. */
    static List<String> parse(JsonNode root) {
        List<String> ids = new ArrayList<>();
        JsonNode items = root.isArray() ? root : root.has("data") ? root.get("data") : root.path("models");
        for (JsonNode item : items) {
            String id = item.path("id").asText(item.path("name").asText(""));
            if (id.startsWith("models/")) {
                id = id.substring("models/".length());
            }
            if (!id.isEmpty()) {
                ids.add(id);
            }
        }
        return ids;
    }

    private record Fetched(Instant at, List<String> models) {
    }
}
