package dev.oauthrouter.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

import dev.oauthrouter.oauth.OAuthSettings;

/**
 * The whole router configuration, read from YAML by {@link ConfigLoader}.
 *
 * @param server    listener settings
 * @param database  database settings
 * @param upstream  upstream timeouts
 * @param providers configured providers by name, in file order; unconfigured ones (empty key) left out
 * @param keyless   providers declared with no API key and no credential names: configured only when
 *                  OAuth credentials for them are stored
 * @param plans     monthly message limit per plan; empty = unlimited
 * @param adminKey  admin API key, empty when the admin API is off
 * @param masterKey master key (base64) for secrets at rest, empty to use {@code dataDir/master.key}
 * @param dataDir   directory for the initial token and the generated master key
 * @param oauth     the {@code oauth:} section: the owner's OAuth clients and refresh settings
 */
public record RouterConfig(Server server,
                           Database database,
                           Upstream upstream,
                           Map<String, ProviderSettings> providers,
                           Map<String, ProviderSettings> keyless,
                           Map<String, OptionalLong> plans,
                           String adminKey,
                           String masterKey,
                           Path dataDir,
                           OAuthSettings oauth) {
    /** Copies maps, keeping their order. */
    public RouterConfig {
        providers = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providers));
        keyless = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(keyless));
        plans = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plans));
    }

    /**
     * Listener settings.
     *
     * @param host        bind address
     * @param port        port (0 = any free port)
     * @param maxBodySize largest accepted request body in bytes
     */
    public record Server(String host, int port, long maxBodySize) {
    }

    /**
     * Database settings.
     *
     * @param url      JDBC URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
     * @param user     user name, may be empty
     * @param password password, may be empty
     * @param poolSize connection pool size
     */
    public record Database(String url, String user, String password, int poolSize) {
        @Override
        public String toString() {
            // the password must never reach a log line
            return "Database[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
        }
    }

    /**
     * Upstream HTTP settings.
     *
     * @param connectTimeout   TCP connect timeout
     * @param firstByteTimeout longest wait for the upstream's answer to start, and for any later read
     */
    public record Upstream(Duration connectTimeout, Duration firstByteTimeout) {
    }

    @Override
    public String toString() {
        return "RouterConfig[server=" + server + ", database=" + database + ", providers=" + providers.keySet() + "]";
    }
}
