package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.admin.IssuedToken;
import dev.oauthrouter.admin.TokenService;
import dev.oauthrouter.admin.TokenSpec;
import dev.oauthrouter.admin.TokenView;
import dev.oauthrouter.usage.UsageCounts;
import dev.oauthrouter.usage.UsageReport;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oauthrouter token ...}: create, list, reveal, regenerate, revoke, plan and usage. Secrets go
 * to stdout alone (so {@code $(oauthrouter token create --name x)} works); notes go to stderr.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage router tokens (lr_live_...).")
public final class TokenCommand extends StoreCommands implements Runnable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
            .withZone(ZoneOffset.UTC);

    @Spec
    private CommandSpec spec;

    /**
     * Creates the command.
     *
     * @param loader reads the store settings from the chosen config file
     */
    public TokenCommand(StoreSettingsLoader loader) {
        this(loader, Clock.systemUTC());
    }

    /** Creates the command with a clock (tests). */
    public TokenCommand(StoreSettingsLoader loader, Clock clock) {
        super(loader, clock);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "create", description = "Create a token and print it (shown once; see reveal).")
    int create(@Option(names = "--name", required = true, description = "unique name") String name,
               @Option(names = "--plan", description = "plan (default: free)") String plan,
               @Option(names = "--expires", description = "expiry: 2027-01-31 or 2027-01-31T12:00:00Z")
               String expires,
               @Option(names = "--models", description = "allowed models, e.g. anthropic/*,openai/gpt-4o")
               String models,
               @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            TokenSpec tokenSpec = new TokenSpec(name, Optional.ofNullable(plan),
                    Optional.ofNullable(expires).map(e -> TokenService.parseExpiry(e, "--expires")),
                    models == null ? List.of() : TokenService.splitModels(models));
            IssuedToken issued = store.tokens().create(tokenSpec);
            out.println(issued.secret());
            err.println("Created token '" + name + "' on plan " + issued.view().plan()
                    + ". Keep it safe; 'token reveal " + name + "' shows it again.");
            return 0;
        });
    }

    @Command(name = "list", description = "List tokens (never their secrets).")
    int list(@Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            String format = "%-24s %-11s %-16s %-16s %12s %-8s%n";
            out.printf(format, "NAME", "PLAN", "CREATED", "LAST USED", "THIS MONTH", "STATE");
            for (TokenView t : store.tokens().list()) {
                String limit = t.limit().isPresent() ? Long.toString(t.limit().getAsLong()) : "∞";
                String used = t.used() + "/" + limit;
                out.printf(format, t.name(), t.plan(), TIME.format(t.createdAt()),
                        t.lastUsedAt().map(TIME::format).orElse("never"), used, t.state().wire());
            }
            return 0;
        });
    }

    @Command(name = "reveal", description = "Print a token's secret again.")
    int reveal(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            out.println(store.tokens().reveal(name));
            return 0;
        });
    }

    @Command(name = "regenerate", description = "Give a token a new secret; the old one stops working.")
    int regenerate(@Parameters(paramLabel = "NAME") String name,
                   @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            out.println(store.tokens().regenerate(name).secret());
            err.println("Regenerated token '" + name + "'; the previous secret no longer works.");
            return 0;
        });
    }

    @Command(name = "revoke", description = "Revoke a token; it stops working at once.")
    int revoke(@Parameters(paramLabel = "NAME") String name,
               @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            store.tokens().revoke(name);
            err.println("Revoked token '" + name + "'.");
            return 0;
        });
    }

    @Command(name = "plan", description = "Move a token to another plan; the new limit applies at once.")
    int plan(@Parameters(index = "0", paramLabel = "NAME") String name,
             @Parameters(index = "1", paramLabel = "PLAN") String plan,
             @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            TokenView v = store.tokens().changePlan(name, plan);
            err.println("Token '" + name + "' is now on plan " + v.plan() + " (limit "
                    + (v.limit().isPresent() ? v.limit().getAsLong() : "unlimited") + " per month).");
            return 0;
        });
    }

    @Command(name = "models", description = "Set a token's model allowlist (empty string = all models).")
    int models(@Parameters(index = "0", paramLabel = "NAME") String name,
               @Parameters(index = "1", paramLabel = "LIST", description = "e.g. anthropic/*,openai/gpt-4o")
               String list,
               @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            TokenView v = store.tokens().changeModels(name, TokenService.splitModels(list));
            err.println("Token '" + name + "' may use: "
                    + (v.models().isEmpty() ? "all models" : String.join(", ", v.models())));
            return 0;
        });
    }

    @Command(name = "usage", description = "Usage report of a month (default: this month, UTC).")
    int usage(@Parameters(paramLabel = "NAME", arity = "0..1") String name,
              @Option(names = "--month", paramLabel = "YYYY-MM") String month,
              @Option(names = "--config", paramLabel = "FILE") Path config) {
        return run(spec, config, (store, out, err) -> {
            String m = month == null ? store.tokens().currentMonth() : month;
            UsageReport r = name == null ? store.tokens().usage(m) : store.tokens().usage(m, name);
            printUsage(out, r, name);
            return 0;
        });
    }

    private static void printUsage(PrintWriter out, UsageReport r, String name) {
        out.println("Usage " + r.month() + (name == null ? "" : " for " + name) + " (UTC)");
        String format = "  %-40s %10s %14s %14s%n";
        out.printf(format, "", "REQUESTS", "PROMPT", "COMPLETION");
        row(out, format, "total", r.totals());
        if (name == null && !r.byToken().isEmpty()) {
            out.println("By token");
            r.byToken().forEach(t -> row(out, format, t.key(), t.counts()));
        }
        if (!r.byModel().isEmpty()) {
            out.println("By model");
            r.byModel().forEach(t -> row(out, format, t.key(), t.counts()));
        }
        if (!r.byDayModel().isEmpty()) {
            out.println("By day and model");
            r.byDayModel().forEach(t -> row(out, format, t.day() + " " + t.model(), t.counts()));
        }
    }

    private static void row(PrintWriter out, String format, String key, UsageCounts c) {
        out.printf(format, key, c.requests(), c.promptTokens(), c.completionTokens());
    }
}
