package dev.oauthrouter.store;

/**
 * A token with the requested name exists already.
 */
public class NameTakenException extends RuntimeException {
    /** Creates the exception for a name. */
    public NameTakenException(String name) {
        super("A token named '" + name + "' exists already", null, false, false);
    }
}
