package dev.oauthrouter.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.ProviderSettings;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.credentials.CredentialSources;
import dev.oauthrouter.providers.ProviderCatalog;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.providers.ProviderSpec;
import dev.oauthrouter.server.RouterServer;

import io.helidon.webserver.WebServer;

/**
 * Runs the real router in-process on a free local port, built with {@link RouterServer#start} from a
 * YAML config parsed by {@link ConfigLoader}, with in-memory tokens, a counting quota gate and a
 * list-backed usage sink. Close it after the test.
 */
public final class RouterHarness implements AutoCloseable {
    /** The token every harness accepts. */
    public static final String TOKEN = "lr_live_Harness0123456789abcdefghijklmnopqrstuv";
    /** Its name, as it appears in logs and usage rows. */
    public static final String TOKEN_NAME = "harness";

    private final WebServer server;
    private final RouterConfig config;
    private final InMemoryTokens tokens;
    private final CountingQuotaGate quota;
    private final ListUsageSink usage;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private RouterHarness(RouterConfig config, InMemoryTokens tokens) {
        this.config = config;
        this.tokens = tokens;
        this.quota = new CountingQuotaGate();
        this.usage = new ListUsageSink();
        tokens.add(TOKEN, TOKEN_NAME);
        this.server = RouterServer.start(config, components(config, tokens, quota, usage));
    }

    /** Returns a builder for the config the router starts with. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the server components for a config: providers with their built-in translators and API-key
     * credentials (the type's auth header and prefix), and the given test doubles.
     */
    public static RouterServer.Components components(RouterConfig config, InMemoryTokens tokens,
                                                     CountingQuotaGate quota, ListUsageSink usage) {
        ProviderRegistry registry = ProviderRegistry.create(config.providers().values(),
                RouterHarness::apiKey);
        return new RouterServer.Components(registry, tokens, quota, usage, List.of(), () -> true);
    }

    /** Returns the credential source of a provider entry: its API key in its type's header. */
    public static CredentialSource apiKey(ProviderSettings settings) {
        ProviderSpec spec = ProviderCatalog.spec(settings);
        return CredentialSources.apiKey(spec.authHeader(), spec.authPrefix(), settings.apiKey());
    }

    /** Returns the router's base URL, e.g. {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Returns the port. */
    public int port() {
        return server.port();
    }

    /** Returns the parsed config. */
    public RouterConfig config() {
        return config;
    }

    /** Returns the token store. */
    public InMemoryTokens tokens() {
        return tokens;
    }

    /** Returns the quota gate. */
    public CountingQuotaGate quota() {
        return quota;
    }

    /** Returns the usage rows. */
    public ListUsageSink usage() {
        return usage;
    }

    /** Posts a JSON body to {@code /v1/chat/completions} with the harness token. */
    public HttpResponse<String> chat(String json) {
        return send(request("/v1/chat/completions").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    /** Returns a request builder for a path with the harness token and JSON content type. */
    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(url() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json");
    }

    /** Sends a request and reads the whole answer as text. */
    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("request to the router failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Sends a request and returns the raw answer bytes (chunked framing removed). */
    public HttpResponse<byte[]> sendBytes(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError("request to the router failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Builds the YAML config and environment the router starts with. */
    public static final class Builder {
        private final Map<String, String> providers = new LinkedHashMap<>();
        private final Map<String, String> env = new LinkedHashMap<>();
        private final StringBuilder extra = new StringBuilder();

        private Builder() {
        }

        /**
         * Adds a provider entry; {@code fields} is its flow-mapping body, e.g.
         * {@code api_key: "${GROQ_API_KEY}", base_url: "http://..."}.
         */
        public Builder provider(String name, String fields) {
            providers.put(name, fields);
            return this;
        }

        /** Adds a provider of a built-in type with an API key from the environment at a replay URL. */
        public Builder provider(String name, String envVar, String key, String baseUrl) {
            env.put(envVar, key);
            return provider(name, "api_key: \"${" + envVar + "}\", base_url: \"" + baseUrl + "\"");
        }

        /** Sets an environment variable seen by {@code ${VAR}} substitution. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Adds raw top-level YAML (e.g. an {@code upstream:} block). */
        public Builder yaml(String text) {
            extra.append(text).append('\n');
            return this;
        }

        /** Returns the YAML text. */
        public String text() {
            StringBuilder y = new StringBuilder();
            if (extra.indexOf("server:") < 0) {
                y.append("server: { host: 127.0.0.1, port: 0 }\n");
            }
            y.append(extra);
            y.append("providers:\n");
            providers.forEach((name, fields) -> y.append("  ").append(name).append(": { ").append(fields)
                    .append(" }\n"));
            return y.toString();
        }

        /** Parses the config and starts the router. */
        public RouterHarness start() {
            RouterConfig config = ConfigLoader.create(env::get).parse(text());
            return new RouterHarness(config, new InMemoryTokens());
        }
    }
}
