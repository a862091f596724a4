package dev.oauthrouter.cli;

import java.nio.file.Path;

import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;

import picocli.CommandLine.Option;

/**
 * The {@code --config FILE} option shared by every command. Without it the path comes from
 * {@code OAUTHROUTER_CONFIG}, else {@code config/oauthrouter.yaml}.
 */
public final class ConfigOption {
    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: $OAUTHROUTER_CONFIG, "
            + "else config/oauthrouter.yaml)")
    private Path config;

    /** Returns the config file path to use. */
    public Path path() {
        return ConfigPaths.resolve(config);
    }

    /**
     * Loads and validates the config file.
     *
     * @throws dev.oauthrouter.config.ConfigException when it is invalid
     */
    public RouterConfig load() {
        return ConfigLoader.create().load(path());
    }
}
