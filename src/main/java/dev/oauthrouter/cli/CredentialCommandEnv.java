package dev.oauthrouter.cli;

import java.time.Clock;

import dev.oauthrouter.credentials.CredentialStore;
import dev.oauthrouter.oauth.LoginService;

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
    static CredentialCommandEnv of(CredentialStore store, LoginService logins, Clock clock, Runnable onClose) {
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
}
