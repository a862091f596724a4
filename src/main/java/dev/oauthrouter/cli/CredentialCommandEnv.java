package dev.oauthrouter.cli;

import java.time.Clock;

import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.oauth.LoginService;
import dev.oauthrouter.oauth.OAuthRuntime;
import dev.oauthrouter.oauth.OAuthSettings;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.MasterKey;

/**
 * What the {@code login} and {@code credentials} commands work with: the credential database and the
 * login flows. Opened per command from the config, and closed when the command ends.
 */
public interface CredentialCommandEnv extends AutoCloseable {
    /** Returns the credential database. */
    CredentialStore store();

    /** Returns the login flows. */
    LoginService logins();

    /** Returns the time source. */
    Clock clock();

    /** Releases the database. */
    @Override
    void close();

    /**
     * Returns an environment over already-built parts.
     *
     * @param onClose run by {@link #close()} (e.g. closing the database)
     */
    static CredentialCommandEnv of(CredentialStore store, LoginService logins, Clock clock,
            Runnable onClose) {
        return new CredentialCommandEnv() {
            @Override
            public CredentialStore store() {
                return store;
            }

            @Override
            public LoginService logins() {
                return logins;
            }

            @Override
            public Clock clock() {
                return clock;
            }

            @Override
            public void close() {
                onClose.run();
            }
        };
    }

    /**
     * Opens the database and master key named by the config, for one CLI command.
     *
     * @param config the router config
     * @param oauth  its {@code oauth:} section
     */
    public static CredentialCommandEnv open(RouterConfig config, OAuthSettings oauth) {
        RouterConfig.Database d = config.database();
        Database db = Database.open(d.url(), d.user(), d.password(), 2);
        try {
            MasterKey key = MasterKey.load(config.masterKey(), config.dataDir().resolve("master.key"));
            OAuthRuntime runtime = OAuthRuntime.create(db.dataSource(), new AesGcmSecretCipher(key), oauth,
                    Clock.systemUTC());
            return of(runtime.store(), runtime.logins(), Clock.systemUTC(), () -> {
                runtime.close();
                db.close();
            });
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }
}
