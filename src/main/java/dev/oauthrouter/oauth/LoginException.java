package dev.oauthrouter.oauth;

/**
 * A login or import did not complete. The message says what to do and never contains a secret.
 */
public class LoginException extends RuntimeException {
    /**
     * Creates the exception.
     *
     * @param message secret-free description and fix
     */
    public LoginException(String message) {
        super(message, null, false, false);
    }
}
