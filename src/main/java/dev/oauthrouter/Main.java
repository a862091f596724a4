package dev.oauthrouter;

import java.util.List;
import java.util.function.Function;

import dev.oauthrouter.cli.ConfigOption;
import dev.oauthrouter.cli.CredentialCommandEnv;
import dev.oauthrouter.cli.CredentialsCommand;
import dev.oauthrouter.cli.KeysCommand;
import dev.oauthrouter.cli.LoginCommand;
import dev.oauthrouter.cli.ServeCommand;
import dev.oauthrouter.cli.StoreSettingsLoader;
import dev.oauthrouter.cli.TokenCommand;
import dev.oauthrouter.config.ConfigException;
import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.JdbcCredentialStore;

import io.helidon.logging.common.LogConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code bin/oauthrouter}.
 */
@Command(name = "oauthrouter",
        mixinStandardHelpOptions = true,
        version = "OauthRouter 0.1.0",
        description = "Self-hosted OpenAI-compatible LLM router.",
        subcommands = {ServeCommand.class})
public final class Main {
    /** Exit code for an invalid configuration. */
    public static final int CONFIG_ERROR = 2;

    private Main() {
    }

    /**
     * Runs a command line.
     *
     * @param args command line arguments
     */
    public static void main(String[] args) {
        LogConfig.configureRuntime();
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this). */
    public static int run(String... args) {
        StoreSettingsLoader store = file -> RouterApp.storeSettings(ConfigLoader.create().load(file));
        Function<ConfigOption, CredentialCommandEnv> credentials = option -> {
            RouterConfig config = option.load();
            return CredentialCommandEnv.open(config, config.oauth());
        };
        CommandLine cli = new CommandLine(new Main())
                .addSubcommand(new TokenCommand(store))
                .addSubcommand(new KeysCommand(store, List.of(JdbcCredentialStore.SEALED_COLUMN)))
                .addSubcommand("login", new LoginCommand(credentials))
                .addSubcommand("credentials", CredentialsCommand.create(credentials));
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException ce) {
                cmd.getErr().println("oauthrouter: config error: " + ce.getMessage());
                return CONFIG_ERROR;
            }
            if (e instanceof dev.oauthrouter.error.ApiException ae) {
                cmd.getErr().println("oauthrouter: " + ae.getMessage());
                return 1;
            }
            throw e;
        });
        return cli.execute(args);
    }
}
