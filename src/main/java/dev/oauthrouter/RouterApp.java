package dev.oauthrouter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

import dev.oauthrouter.admin.StoreContext;
import dev.oauthrouter.admin.StoreSettings;
import dev.oauthrouter.admin.TokenSpec;
import dev.oauthrouter.config.ProviderSettings;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.dashboard.CredentialStatus;
import dev.oauthrouter.dashboard.DashboardFeature;
import dev.oauthrouter.providers.ProviderCatalog;
import dev.oauthrouter.providers.ProviderRegistry;
import dev.oauthrouter.providers.ProviderSpec;
import dev.oauthrouter.server.RouterServer;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;

/**
 * A running router: store, providers and web server, wired from one {@link RouterConfig}. Closing it
 * stops the server, then drains the usage queue and closes the database.
 */
public final class RouterApp implements AutoCloseable {
    private static final System.Logger LOGGER = System.getLogger(RouterApp.class.getName());

    private final WebServer server;
    private final StoreContext store;

    private RouterApp(WebServer server, StoreContext store) {
        this.server = server;
        this.store = store;
    }

    /** Opens the store, creates the first token when there is none, and starts serving. */
    public static RouterApp start(RouterConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts with a given clock (tests move months with it). */
    public static RouterApp start(RouterConfig config, Clock clock) {
        StoreContext store = StoreContext.open(storeSettings(config), clock);
        try {
            createInitialToken(store, config.dataDir());
            ProviderRegistry providers = ProviderRegistry.create(config.providers().values(),
                    RouterApp::apiKeyCredentials, Map.of());
            DashboardFeature dashboard = DashboardFeature.create(config.adminKey(), providers,
                    CredentialStatus.Source.API_KEYS, clock);
            List<Consumer<HttpRouting.Builder>> extensions = List.of(
                    // the dashboard first: its /admin/api/providers routes precede the admin API's catch-all
                    dashboard::setup,
                    routing -> store.adminFeature(dashboard.sessions()).setup(routing));
            WebServer server = RouterServer.start(config, new RouterServer.Components(providers,
                    store.authenticator(), store.quota(), store.usage(), extensions, () -> reachable(store)));
            return new RouterApp(server, store);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Returns what the store needs from the configuration. */
    public static StoreSettings storeSettings(RouterConfig config) {
        Map<String, Long> plans = new LinkedHashMap<>();
        for (Map.Entry<String, OptionalLong> e : config.plans().entrySet()) {
            plans.put(e.getKey(), e.getValue().isPresent() ? e.getValue().getAsLong() : null);
        }
        return new StoreSettings(config.database().url(), config.database().user(), config.database().password(),
                config.database().poolSize(), plans, config.masterKey(), config.dataDir().resolve("master.key"),
                config.adminKey());
    }

    /** Returns the port the server listens on. */
    public int port() {
        return server.port();
    }

    /** Returns the store (tests and the CLI reach tokens through it). */
    public StoreContext store() {
        return store;
    }

    @Override
    public void close() {
        server.stop();
        store.close();
        LOGGER.log(Level.INFO, "OauthRouter stopped");
    }

    private static boolean reachable(StoreContext store) {
        try (Connection c = store.database().connection()) {
            return c.isValid(2);
        } catch (Exception e) {
            return false;
        }
    }

    private static void createInitialToken(StoreContext store, Path dataDir) {
        if (store.tokens().count() > 0) {
            return;
        }
        String secret = store.tokens().create(new TokenSpec("initial", Optional.of(
                store.plans().all().containsKey("enterprise") ? "enterprise" : store.plans().defaultPlan()),
                Optional.empty(), List.of())).secret();
        Path file = dataDir.resolve("initial-token");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOGGER.log(Level.INFO, "No router tokens existed: created token 'initial'; its secret is in " + file
                + " (readable by this user only)");
    }

    private static CredentialSource apiKeyCredentials(ProviderSettings settings) {
        ProviderSpec spec = settings.openAiCompatible()
                ? ProviderCatalog.openAiCompatible(settings.name(), settings.baseUrl().orElseThrow().toString())
                : ProviderCatalog.find(settings.type()).orElseThrow();
        Credential key = new Credential() {
            @Override
            public String headerName() {
                return spec.authHeader();
            }

            @Override
            public String headerValue() {
                return spec.authPrefix() + settings.apiKey();
            }
        };
        return () -> key;
    }
}
