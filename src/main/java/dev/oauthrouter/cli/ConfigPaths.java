package dev.oauthrouter.cli;

import java.nio.file.Path;

/**
 * Chooses the config file: {@code --config}, else {@code OAUTHROUTER_CONFIG}, else
 * {@code config/oauthrouter.yaml}.
 */
final class ConfigPaths {
    static final String ENV = "OAUTHROUTER_CONFIG";
    static final Path DEFAULT = Path.of("config", "oauthrouter.yaml");

    private ConfigPaths() {
    }

    static Path resolve(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv(ENV);
        return env == null || env.isBlank() ? DEFAULT : Path.of(env);
    }
}
