package dev.oauthrouter.store;

/**
 * Encrypts secrets at rest (router tokens for reveal, OAuth tokens) with the master key.
 */
public interface SecretCipher {
    /** Returns the sealed form of a secret: nonce, ciphertext and tag, in one self-describing blob. */
    byte[] seal(byte[] plaintext);

    /**
     * Returns the secret sealed by {@link #seal(byte[])}.
     *
     * @throws dev.oauthrouter.error.ApiException when the blob was sealed with another key or altered
     */
    byte[] open(byte[] sealed);
}
