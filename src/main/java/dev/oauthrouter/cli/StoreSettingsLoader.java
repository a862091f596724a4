package dev.oauthrouter.cli;

import java.nio.file.Path;

import dev.oauthrouter.admin.StoreSettings;

/**
 * Reads the store's settings from a config file; supplied by the application's config loader.
 */
@FunctionalInterface
public interface StoreSettingsLoader {
    /**
     * Loads the settings.
     *
     * @param configFile the config file chosen by {@code --config}, {@code OAUTHROUTER_CONFIG} or the default
     * @throws RuntimeException with a one-line message when the config is invalid
     */
    StoreSettings load(Path configFile);
}
