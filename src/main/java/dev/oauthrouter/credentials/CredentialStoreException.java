package dev.oauthrouter.credentials;

/**
 * The credential database could not be read or written. The message never contains a secret.
 */
public class CredentialStoreException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the database error
     */
    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
