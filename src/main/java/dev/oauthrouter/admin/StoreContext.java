package dev.oauthrouter.admin;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;

import dev.oauthrouter.auth.CachedTokenAuthenticator;
import dev.oauthrouter.quota.JdbcQuotaGate;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.usage.JdbcUsageSink;

/**
 * Everything persistent, opened from {@link StoreSettings}: database, master key cipher, plans, token
 * service, and (created on first use, for the server) the token authenticator, quota gate and usage
 * sink. {@link #close()} drains the usage queue before closing the database.
 */
public final class StoreContext implements AutoCloseable {
    /** How often routers look for token changes made elsewhere. */
    public static final Duration TOKEN_POLL_INTERVAL = Duration.ofMillis(250);

    private final StoreSettings settings;
    private final Database database;
    private final AesGcmSecretCipher cipher;
    private final Plans plans;
    private final Clock clock;
    private final TokenService tokens;
    private final ReentrantLock lock = new ReentrantLock();
    private CachedTokenAuthenticator authenticator;
    private JdbcQuotaGate quota;
    private JdbcUsageSink usage;

    private StoreContext(StoreSettings settings, Database database, Clock clock) {
        this.settings = settings;
        this.database = database;
        this.clock = clock;
        this.cipher = new AesGcmSecretCipher(MasterKey.load(settings.masterKey(), settings.masterKeyFile()));
        this.plans = new Plans(settings.plans());
        this.tokens = new TokenService(database, cipher, plans, clock);
    }

    /**
     * Opens the database (migrating it) and loads or creates the master key.
     *
     * @throws dev.oauthrouter.store.StoreException when the database cannot be opened
     */
    public static StoreContext open(StoreSettings settings, Clock clock) {
        Database database = Database.open(settings.jdbcUrl(), settings.user(), settings.password(),
                settings.poolSize());
        try {
            return new StoreContext(settings, database, clock);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** Returns the settings this store was opened with. */
    public StoreSettings settings() {
        return settings;
    }

    /** Returns the database. */
    public Database database() {
        return database;
    }

    /** Returns the master key cipher. */
    public AesGcmSecretCipher cipher() {
        return cipher;
    }

    /** Returns the plans. */
    public Plans plans() {
        return plans;
    }

    /** Returns the token service. */
    public TokenService tokens() {
        return tokens;
    }

    /** Returns the authenticator for {@code /v1/*}; local token changes invalidate its cache at once. */
    public CachedTokenAuthenticator authenticator() {
        lock.lock();
        try {
            if (authenticator == null) {
                authenticator = new CachedTokenAuthenticator(new JdbcTokenStore(database), clock,
                        TOKEN_POLL_INTERVAL);
                tokens.onChange(authenticator::invalidate);
            }
            return authenticator;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the quota gate. */
    public JdbcQuotaGate quota() {
        lock.lock();
        try {
            if (quota == null) {
                quota = new JdbcQuotaGate(database, plans, clock);
            }
            return quota;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the asynchronous usage sink. */
    public JdbcUsageSink usage() {
        lock.lock();
        try {
            if (usage == null) {
                usage = JdbcUsageSink.create(database);
            }
            return usage;
        } finally {
            lock.unlock();
        }
    }

    /** Returns the admin API feature (off when no admin key is configured). */
    public AdminFeature adminFeature(AdminAuthorizer extra) {
        return AdminFeature.create(settings.adminKey(), tokens, extra);
    }

    /** Drains the usage sink, stops the authenticator's poller and closes the database. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (usage != null) {
                usage.close();
            }
            if (authenticator != null) {
                authenticator.close();
            }
        } finally {
            lock.unlock();
        }
        database.close();
    }
}
