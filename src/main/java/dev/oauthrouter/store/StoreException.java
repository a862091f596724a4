package dev.oauthrouter.store;

/**
 * The database could not be reached or refused a statement. Callers on the request path turn it into
 * a 503 {@code api_error}; nothing is admitted without being counted.
 */
public class StoreException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message what failed (never contains a secret)
     * @param cause   the JDBC failure
     */
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
