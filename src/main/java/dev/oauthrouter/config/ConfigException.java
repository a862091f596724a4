package dev.oauthrouter.config;

/**
 * A configuration error: names the key path and what is wrong, in one line.
 */
public final class ConfigException extends RuntimeException {
    private final String path;

    /**
     * Creates the exception.
     *
     * @param path    dotted key path, e.g. {@code providers.openai.base_url}
     * @param problem what is wrong with it
     */
    public ConfigException(String path, String problem) {
        super(path.isEmpty() ? problem : path + ": " + problem, null, false, false);
        this.path = path;
    }

    /** Returns the dotted key path. */
    public String path() {
        return path;
    }
}
