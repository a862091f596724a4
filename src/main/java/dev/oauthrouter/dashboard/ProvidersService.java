package dev.oauthrouter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.oauthrouter.admin.JsonResponses;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.providers.Provider;
import dev.oauthrouter.providers.ProviderCatalog;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.translate.UpstreamErrors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Provider status for the admin API (register under {@value #PATH}, behind the admin filter):
 * <ul>
 *     <li>{@code GET} lists every provider: {name, configured, kind, status, cooling_until, last_error,
 *     models}; built-in types that are not configured come last with status {@code not_configured}</li>
 *     <li>{@code POST /{name}/check} calls the provider's model listing with its credential and answers
 *     {ok, status, message, models}</li>
 * </ul>
 */
public final class ProvidersService implements HttpService {
    /** Where the service is registered. */
    public static final String PATH = "/admin/api/providers";

    private static final System.Logger LOGGER = System.getLogger(ProvidersService.class.getName());

    private final ProviderRegistry providers;
    private final CredentialSummary.Source credentials;
    private final WebClient client;
    private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param providers   configured providers
     * @param credentials credential summary per provider, e.g. {@link CredentialSummary.Source#stored}
     * @param timeout     connect and read timeout of a check
     */
    public ProvidersService(ProviderRegistry providers, CredentialSummary.Source credentials,
                            Duration timeout) {
        this.providers = providers;
        this.credentials = credentials;
        this.client = WebClient.builder()
                .connectTimeout(timeout)
                .readTimeout(timeout)
                // the credential header must not follow a redirect to another host
                .followRedirects(false)
                .build();
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", guarded(this::list))
                .post("/{name}/check", guarded(this::check));
    }

    private void list(ServerRequest req, ServerResponse res) {
        ArrayNode data = Json.array();
        for (Provider p : providers.all()) {
            CredentialSummary status = credentials.summary(p);
            ObjectNode o = data.addObject();
            o.put("name", p.name());
            o.put("configured", true);
            o.put("kind", status.kind());
            o.put("status", status.status());
            o.put("cooling_until", status.coolingUntil().map(Instant::toString).orElse(null));
            o.put("last_error", Optional.ofNullable(lastErrors.get(p.name())).or(status::lastError)
                    .orElse(null));
            o.put("models", p.models().size());
        }
        for (String name : ProviderCatalog.names()) {
            if (providers.find(name).isPresent()) {
                continue;
            }
            ObjectNode o = data.addObject();
            o.put("name", name);
            o.put("configured", false);
            o.put("kind", "api_key");
            o.put("status", "not_configured");
            o.putNull("cooling_until");
            o.putNull("last_error");
            o.put("models", ProviderCatalog.find(name).map(s -> s.models().size()).orElse(0));
        }
        ObjectNode body = Json.object();
        body.set("data", data);
        json(res, body);
    }

    private void check(ServerRequest req, ServerResponse res) {
        String name = req.path().pathParameters().get("name");
        Provider provider = providers.find(name).orElseThrow(() -> ApiException.notFound(
                "No configured provider named '" + clip(name) + "'"));
        ObjectNode result = check(provider);
        if (result.get("ok").asBoolean()) {
            lastErrors.remove(provider.name());
        } else {
            lastErrors.put(provider.name(), result.get("message").asText());
        }
        json(res, result);
    }

    private ObjectNode check(Provider provider) {
        String path = provider.spec().modelsPath();
        if (path == null || path.isEmpty()) {
            return result(true, credentials.summary(provider).status(), "This provider has no model listing "
                    + "to check against; " + provider.models().size() + " models are configured.",
                    provider.models().size());
        }
        Credential credential;
        try {
            credential = provider.credentials().acquire();
        } catch (ApiException e) {
            return result(false, credentials.summary(provider).status(), e.getMessage(), 0);
        }
        String url = provider.baseUrl() + path;
        try (HttpClientResponse response = client.get(url)
                .header(HeaderNames.create(credential.headerName()), credential.headerValue())
                .headers(h -> provider.headers().forEach((k, v) -> h.set(HeaderNames.create(k), v)))
                .request()) {
            int status = response.status().code();
            byte[] body = response.entity().as(byte[].class);
            if (status >= 200 && status < 300) {
                int count = countModels(body);
                return result(true, "active", "The provider answered with " + count + " models.", count);
            }
            String message = UpstreamErrors.redact("The provider answered " + status + ": "
                    + UpstreamErrors.message(body));
            String state = status == 401 || status == 403 ? "needs_relogin"
                    : status == 429 ? "cooling_down" : credentials.summary(provider).status();
            return result(false, state, message, 0);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Provider check of " + provider.name() + " failed: "
                    + e.getClass().getSimpleName());
            return result(false, credentials.summary(provider).status(),
                    "The provider could not be reached (" + e.getClass().getSimpleName() + ").", 0);
        }
    }

    private static int countModels(byte[] body) {
        try {
            JsonNode node = Json.parse(body);
            for (String field : new String[] {"data", "models", "result"}) {
                if (node.path(field).isArray()) {
                    return node.path(field).size();
                }
            }
            return node.isArray() ? node.size() : 0;
        } catch (Json.JsonParseFailure e) {
            return 0;
        }
    }

    private static ObjectNode result(boolean ok, String status, String message, int models) {
        ObjectNode o = Json.object();
        o.put("ok", ok);
        o.put("status", status);
        o.put("message", message);
        o.put("models", models);
        return o;
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }

    private static void json(ServerResponse res, ObjectNode body) {
        JsonResponses.send(res, Status.OK_200, body);
    }

    private static Handler guarded(Handler handler) {
        return JsonResponses.guarded(handler);
    }
}
