package dev.oauthrouter.oauth;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialPool;
import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.store.SecretCipher;

/**
 * Everything the server needs for stored credentials, built in one place: the store, the token
 * manager with its background scan, and a credential source per provider.
 *
 * <pre>
 * OAuthRuntime oauth = OAuthRuntime.start(database.dataSource(), cipher, oauthSettings, Clock.systemUTC());
 * CredentialSource gemini = oauth.source("gemini", List.of("work", "personal"), ApiKeyStyle.BEARER);
 * List&lt;CredentialInfo&gt; forAdmin = oauth.status();   // GET /admin/api/providers
 * </pre>
 */
public final class OAuthRuntime implements AutoCloseable {
    private static final Duration POOL_RELOAD = Duration.ofSeconds(10);
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(30);

    private final CredentialStore store;
    private final TokenClient client;
    private final TokenManager tokens;
    private final OAuthSettings settings;
    private final Clock clock;

    private OAuthRuntime(CredentialStore store, TokenClient client, TokenManager tokens,
            OAuthSettings settings,
                         Clock clock) {
        this.store = store;
        this.client = client;
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Builds the parts and starts the background refresh scan.
     *
     * @param dataSource the migrated router database
     * @param cipher     the master-key cipher
     * @param settings   the {@code oauth:} config section
     * @param clock      time source
     */
    public static OAuthRuntime start(DataSource dataSource, SecretCipher cipher, OAuthSettings settings,
                                     Clock clock) {
        OAuthRuntime r = create(dataSource, cipher, settings, clock);
        r.tokens.start();
        return r;
    }

    /** Builds the parts without the background scan (CLI commands). */
    public static OAuthRuntime create(DataSource dataSource, SecretCipher cipher, OAuthSettings settings,
                                      Clock clock) {
        CredentialStore store = JdbcCredentialStore.create(dataSource, cipher, clock);
        TokenClient client = TokenClient.create(TOKEN_TIMEOUT, clock);
        TokenManager tokens = TokenManager.create(store, client, clock, settings.manager());
        return new OAuthRuntime(store, client, tokens, settings, clock);
    }

    /**
     * Returns the credential source of a provider's stored credentials.
     *
     * @param provider provider name
     * @param names    names from {@code providers.NAME.credentials}; empty for all stored ones
     * @param keyStyle how the provider wants a stored API key sent
     */
    public CredentialSource source(String provider, List<String> names, CredentialPool.ApiKeyStyle keyStyle) {
        return CredentialPool.create(provider, names, store, tokens, keyStyle, clock, POOL_RELOAD);
    }

    /** Returns true when the provider has at least one stored credential. */
    public boolean hasCredentials(String provider) {
        return !store.list(provider).isEmpty();
    }

    /** Returns the secret-free status of every stored credential (admin API, dashboard). */
    public List<CredentialInfo> status() {
        return tokens.status();
    }

    /** Returns the credential store. */
    public CredentialStore store() {
        return store;
    }

    /** Returns the token manager. */
    public TokenManager tokens() {
        return tokens;
    }

    /** Returns the login flows (CLI). */
    public LoginService logins() {
        return LoginService.create(store, client, clock, settings.providers(), Duration.ofMinutes(5),
                Sleeper.SYSTEM);
    }

    /** Stops the background scan. */
    @Override
    public void close() {
        tokens.close();
    }
}
