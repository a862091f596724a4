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
import java.util.ArrayList;
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
import dev.oauthrouter.credentials.CredentialPool;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.credentials.CredentialSources;
import dev.oauthrouter.dashboard.CredentialSummary;
import dev.oauthrouter.dashboard.DashboardFeature;
import dev.oauthrouter.oauth.OAuthRuntime;
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
    private final OAuthRuntime oauth;

    private RouterApp(WebServer server, StoreContext store, OAuthRuntime oauth) {
        this.server = server;
        this.store = store;
        this.oauth = oauth;
    }

    /** Opens the store, creates the first token when there is none, and starts serving. */
    public static RouterApp start(RouterConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** Starts with a given clock (tests move months with it). */
    public static RouterApp start(RouterConfig config, Clock clock) {
        StoreContext store = StoreContext.open(storeSettings(config), clock);
        OAuthRuntime oauth = null;
        try {
            createInitialToken(store, config.dataDir());
            OAuthRuntime credentials = OAuthRuntime.start(store.database().dataSource(), store.cipher(),
                    config.oauth(), clock);
            oauth = credentials;
            List<ProviderSettings> configured = new ArrayList<>(config.providers().values());
            for (ProviderSettings keyless : config.keyless().values()) {
                if (credentials.hasCredentials(keyless.name())) {
                    configured.add(keyless);
                }
            }
            ProviderRegistry providers = ProviderRegistry.create(configured,
                    s -> credentialSource(s, credentials));
            DashboardFeature dashboard = DashboardFeature.create(config.adminKey(), providers,
                    CredentialSummary.Source.stored(credentials::status, clock), clock);
            List<Consumer<HttpRouting.Builder>> extensions = List.of(
                    // the dashboard first: its /admin/api/providers routes precede the admin API's catch-all
                    dashboard::setup,
                    routing -> store.adminFeature(dashboard.sessions()).setup(routing));
            WebServer server = RouterServer.start(config, new RouterServer.Components(providers,
                    store.authenticator(), store.quota(), store.usage(), extensions, () -> reachable(store)));
            return new RouterApp(server, store, credentials);
        } catch (RuntimeException e) {
            if (oauth != null) {
                oauth.close();
            }
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
        RouterConfig.Database db = config.database();
        return new StoreSettings(db.url(), db.user(), db.password(), db.poolSize(), plans, config.masterKey(),
                config.dataDir().resolve("master.key"),
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
        oauth.close();
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
        String plan = store.plans().all().containsKey("enterprise")
                ? "enterprise"
                : store.plans().defaultPlan();
        String secret;
        try {
            secret = store.tokens().create(new TokenSpec("initial", Optional.of(plan), Optional.empty(),
                    List.of())).secret();
        } catch (ApiException e) {
            if (e.status() == 409) {
                // another router on the same database created it a moment ago
                return;
            }
            throw e;
        }
        Path file = dataDir.resolve("initial-token");
        try {
            Files.createDirectories(dataDir);
            Files.deleteIfExists(file);
            Files.createFile(file,
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        LOGGER.log(Level.INFO, "No router tokens existed: created token 'initial'; its secret is in " + file
                + " (readable by this user only)");
    }

    /**
     * Returns a provider's credentials: its stored OAuth and API key credentials when the config names
     * some, or names no key and some are stored; else the API key from the config.
     */
    private static CredentialSource credentialSource(ProviderSettings settings, OAuthRuntime oauth) {
        ProviderSpec spec = ProviderCatalog.spec(settings);
        if (!settings.credentials().isEmpty()
                || settings.apiKey().isEmpty() && oauth.hasCredentials(settings.name())) {
            return oauth.source(settings.name(), settings.credentials(),
                    new CredentialPool.ApiKeyStyle(spec.authHeader(), spec.authPrefix()));
        }
        return CredentialSources.apiKey(spec.authHeader(), spec.authPrefix(), settings.apiKey());
    }
}
