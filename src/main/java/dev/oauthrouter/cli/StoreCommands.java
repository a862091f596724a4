package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;

import dev.oauthrouter.admin.StoreContext;
import dev.oauthrouter.admin.StoreSettings;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.store.StoreException;

import picocli.CommandLine;

/**
 * Shared plumbing of the store commands: open the store from the config and turn failures into one
 * line on stderr and an exit code (1 = the operation failed, 2 = bad input or config).
 */
abstract class StoreCommands {
    private final StoreSettingsLoader loader;
    private final Clock clock;

    StoreCommands(StoreSettingsLoader loader, Clock clock) {
        this.loader = loader;
        this.clock = clock;
    }

    /** Runs the work against an opened store and maps failures to exit codes. */
    int run(CommandLine.Model.CommandSpec spec, Path config, StoreWork work) {
        PrintWriter err = spec.commandLine().getErr();
        StoreSettings settings;
        try {
            settings = loader.load(ConfigPaths.resolve(config));
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 2;
        }
        try (StoreContext store = StoreContext.open(settings, clock)) {
            return work.run(store, spec.commandLine().getOut(), err);
        } catch (ApiException e) {
            err.println("error: " + e.getMessage());
            return e.status() >= 400 && e.status() < 500 && e.status() != 404 && e.status() != 409 ? 2 : 1;
        } catch (StoreException e) {
            err.println("error: " + e.getMessage()
                    + (e.getCause() == null ? "" : " (" + e.getCause().getMessage() + ")"));
            return 1;
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 2;
        } finally {
            spec.commandLine().getOut().flush();
            err.flush();
        }
    }

    @FunctionalInterface
    interface StoreWork {
        int run(StoreContext store, PrintWriter out, PrintWriter err);
    }
}
