package dev.oauthrouter.credentials;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Persistent provider credentials, shared by every router replica on the same database.
 *
 * <p>Token writes are compare-and-set on {@link StoredCredential#version()}, and a refresh is
 * claimed first ({@link #claim}) so two routers never redeem the same refresh token. Cooldown
 * writes ({@link #cooldown}) touch neither tokens nor version, so a rate-limit note can never
 * overwrite a rotated token. Implementations throw {@link CredentialStoreException} when the
 * database fails.
 */
public interface CredentialStore {
    /** Returns the current persisted state of one credential. */
    Optional<StoredCredential> load(String id);

    /** Returns the credential with this provider and name. */
    Optional<StoredCredential> find(String provider, String name);

    /** Returns every credential, ordered by provider and name. */
    List<StoredCredential> list();

    /** Returns the credentials of one provider, ordered by name. */
    List<StoredCredential> list(String provider);

    /**
     * Stores a new credential, or replaces the one with the same provider and name (a new login):
     * the existing id is kept, the version bumped, cooldown and claim cleared.
     *
     * @return the stored credential with its final id and version
     */
    StoredCredential save(StoredCredential credential);

    /**
     * Claims the right to redeem this credential's refresh token until {@code until}.
     *
     * @return true when the persisted version is {@code expectedVersion} and no other owner holds a
     *         live claim at {@code now}
     */
    boolean claim(String id, long expectedVersion, String owner, Instant now, Instant until);

    /**
     * Writes new token state iff the persisted version is {@code expectedVersion}; the stored version
     * becomes {@code expectedVersion + 1} and any claim is cleared.
     *
     * @return true when the row was written
     */
    boolean compareAndSet(StoredCredential next, long expectedVersion);

    /** Releases a claim held by {@code owner} without touching tokens, recording a secret-free error. */
    void release(String id, String owner, Optional<String> lastError);

    /** Records a rate-limit cooldown; tokens and version are untouched. */
    void cooldown(String id, Instant until, String lastError);

    /** Removes a credential; returns true when one was removed. */
    boolean delete(String provider, String name);
}
