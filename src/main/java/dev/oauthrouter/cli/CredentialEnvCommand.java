package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.function.Function;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of the commands that work on stored credentials: the {@code --config} option, the
 * credential environment it opens, and the way such a command reports an error.
 */
abstract class CredentialEnvCommand implements Callable<Integer> {
    @Mixin
    private ConfigOption config;
    @Spec
    private CommandSpec spec;

    private final Function<ConfigOption, CredentialCommandEnv> envFactory;

    /**
     * Creates the command.
     *
     * @param envFactory opens the credential database and login flows from the config
     */
    CredentialEnvCommand(Function<ConfigOption, CredentialCommandEnv> envFactory) {
        this.envFactory = envFactory;
    }

    /** Opens the credential database and login flows from the config; the caller closes it. */
    final CredentialCommandEnv openEnv() {
        return envFactory.apply(config);
    }

    /** Returns the command's standard output. */
    final PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** Prints {@code oauthrouter: message} on the error output and returns the exit code. */
    final int fail(int exitCode, String message) {
        spec.commandLine().getErr().println("oauthrouter: " + message);
        return exitCode;
    }
}
