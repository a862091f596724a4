package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialSecrets;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.oauth.LoginException;

import com.fasterxml.jackson.databind.node.ArrayNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code oauthrouter credentials add|list|remove|import-adc}: stored provider credentials.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Manage stored provider credentials (API keys, OAuth tokens, client credentials).")
public final class CredentialsCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    private CredentialsCommand() {
    }

    /**
     * Returns the command with its subcommands, ready to mount under the top command.
     *
     * @param envFactory opens the credential database and login flows from the config
     */
    public static CommandLine create(Function<ConfigOption, CredentialCommandEnv> envFactory) {
        return new CommandLine(new CredentialsCommand())
                .addSubcommand("add", new Add(envFactory))
                .addSubcommand("list", new ListCredentials(envFactory))
                .addSubcommand("remove", new Remove(envFactory))
                .addSubcommand("import-adc", new ImportAdc(envFactory));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code credentials add PROVIDER --name N} with a key, tokens or client credentials. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Store a credential you obtained elsewhere. Secret options given without a"
                    + " value are"
                    + " asked for without echo (keeps them out of shell history).",
                    "Examples:",
                    "  credentials add openai --name main --api-key",
                    "  credentials add gateway --name corp --access-token --refresh-token"
                            + " --token-url https://idp.example/token --client-id router",
                    "  credentials add gateway --name svc --client-credentials --token-url"
                            + " https://idp.example/token --client-id router --client-secret --scope llm"})
    static final class Add extends CredentialEnvCommand {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        private String provider;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "default")
        private String name;
        @Option(names = "--api-key", arity = "0..1", interactive = true, paramLabel = "KEY")
        private String apiKey;
        @Option(names = "--access-token", arity = "0..1", interactive = true, paramLabel = "TOKEN")
        private String accessToken;
        @Option(names = "--refresh-token", arity = "0..1", interactive = true, paramLabel = "TOKEN")
        private String refreshToken;
        @Option(names = "--client-credentials", description = "OAuth2 client credentials grant")
        private boolean clientCredentials;
        @Option(names = "--token-url", paramLabel = "URL")
        private String tokenUrl;
        @Option(names = "--client-id", paramLabel = "ID")
        private String clientId;
        @Option(names = "--client-secret", arity = "0..1", interactive = true, paramLabel = "SECRET")
        private String clientSecret;
        @Option(names = "--scope", paramLabel = "SCOPE")
        private String scope;
        @Option(names = "--expires-in", paramLabel = "SECONDS", description = "Lifetime of --access-token")
        private Long expiresIn;
        @Option(names = "--expires-at", paramLabel = "TIME",
                description = "Expiry of --access-token (ISO-8601)")
        private String expiresAt;
        @Option(names = "--body-format", paramLabel = "FORMAT", defaultValue = "form",
                description = "Token request body: form or json (default: ${DEFAULT-VALUE})")
        private String bodyFormat;

        Add(Function<ConfigOption, CredentialCommandEnv> envFactory) {
            super(envFactory);
        }

        @Override
        public Integer call() {
            try {
                build(Instant.EPOCH);
            } catch (IllegalArgumentException e) {
                return fail(2, e.getMessage());
            }
            try (CredentialCommandEnv env = openEnv()) {
                StoredCredential saved = env.store().save(build(env.clock().instant()));
                out().println("Saved " + saved.provider() + " credential '"
                        + saved.name()
                        + "' (" + saved.kind().wire() + ").");
                return 0;
            }
        }

        private StoredCredential build(Instant now) {
            if (!Names.valid(name)) {
                throw new IllegalArgumentException(Names.RULE);
            }
            if (!provider.matches("[a-z0-9][a-z0-9._-]{0,63}")) {
                throw new IllegalArgumentException("PROVIDER must be a provider name such as gemini or"
                        + " openai");
            }
            int kinds = (apiKey != null ? 1 : 0) + (accessToken != null ? 1 : 0) + (clientCredentials ? 1
                    : 0);
            if (kinds != 1) {
                throw new IllegalArgumentException("give exactly one of --api-key, --access-token or"
                        + " --client-credentials");
            }
            BodyFormat format;
            try {
                format = BodyFormat.parse(bodyFormat);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--body-format must be form or json");
            }
            if (apiKey != null) {
                return StoredCredential.apiKey(provider, name, required(apiKey, "--api-key"));
            }
            if (clientCredentials) {
                return StoredCredential.clientCredentials(provider, name, url(tokenUrl),
                        required(clientId, "--client-id"), required(clientSecret, "--client-secret"),
                        Optional.ofNullable(scope).orElse(""), format);
            }
            String refresh = Optional.ofNullable(refreshToken).orElse("");
            String url = "";
            if (!refresh.isEmpty() || tokenUrl != null) {
                url = url(tokenUrl);
            }
            Optional<Instant> expiry = expiry(now);
            return StoredCredential.oauth(provider, name, new CredentialSecrets(required(accessToken,
                            "--access-token"), refresh, Optional.ofNullable(clientSecret).orElse(""), ""),
                                    url,
                    Optional.ofNullable(clientId).orElse(""), Optional.ofNullable(scope).orElse(""),
                            format, expiry,
                    Map.of("source", "manual"));
        }

        private Optional<Instant> expiry(Instant now) {
            if (expiresIn != null && expiresAt != null) {
                throw new IllegalArgumentException("give --expires-in or --expires-at, not both");
            }
            if (expiresIn != null) {
                if (expiresIn <= 0) {
                    throw new IllegalArgumentException("--expires-in must be positive");
                }
                return Optional.of(now.plus(Duration.ofSeconds(expiresIn)));
            }
            if (expiresAt != null) {
                try {
                    return Optional.of(Instant.parse(expiresAt));
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("--expires-at must be an ISO-8601 time such as"
                            + " 2026-05-01T10:00:00Z");
                }
            }
            return Optional.empty();
        }

        private static String required(String value, String option) {
            if (value == null || value.isBlank()) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return value.trim();
        }

        private static String url(String value) {
            String v = required(value, "--token-url");
            URI u;
            try {
                u = URI.create(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--token-url is not a valid URL");
            }
            boolean loopback = "127.0.0.1".equals(u.getHost()) || "localhost".equals(u.getHost());
            if (!"https".equals(u.getScheme()) && !("http".equals(u.getScheme()) && loopback)) {
                throw new IllegalArgumentException("--token-url must be https:// (plain http only on"
                        + " localhost)");
            }
            return v;
        }
    }

    /** {@code credentials list [--json]}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List stored credentials: provider, name, kind, status, expiry, last refresh,"
                    + " last error"
                    + " (never a secret).")
    static final class ListCredentials extends CredentialEnvCommand {
        @Option(names = "--json", description = "Print JSON")
        private boolean json;

        ListCredentials(Function<ConfigOption, CredentialCommandEnv> envFactory) {
            super(envFactory);
        }

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (CredentialCommandEnv env = openEnv()) {
                List<CredentialInfo> infos = env.store().list().stream().map(StoredCredential::info).toList();
                if (json) {
                    ArrayNode arr = Json.array();
                    infos.forEach(i -> arr.add(i.toJson()));
                    out.println(Json.string(arr));
                    return 0;
                }
                if (infos.isEmpty()) {
                    out.println("No stored credentials. Add one with `oauthrouter login PROVIDER` or"
                            + " `oauthrouter credentials add PROVIDER ...`.");
                    return 0;
                }
                String fmt = "%-12s %-12s %-18s %-13s %-20s %-20s %-20s %s%n";
                out.printf(fmt, "PROVIDER", "NAME", "KIND", "STATUS", "EXPIRES", "LAST REFRESH",
                        "COOLDOWN UNTIL",
                        "LAST ERROR");
                Instant now = env.clock().instant();
                for (CredentialInfo i : infos) {
                    out.printf(fmt, i.provider(), i.name(), i.kind().wire(), i.status().wire(),
                            time(i.expiresAt()),
                            time(i.lastRefresh()), i.coolingDown(now) ? time(i.cooldownUntil()) : "-",
                            i.lastError().orElse("-"));
                }
                return 0;
            }
        }

        private static String time(Optional<Instant> t) {
            return t.map(x -> x.toString().replaceFirst("\\.\\d+Z$", "Z")).orElse("-");
        }
    }

    /** {@code credentials remove PROVIDER --name N}. */
    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Delete a stored credential.")
    static final class Remove extends CredentialEnvCommand {
        @Parameters(index = "0", paramLabel = "PROVIDER")
        private String provider;
        @Option(names = "--name", paramLabel = "NAME", required = true)
        private String name;

        Remove(Function<ConfigOption, CredentialCommandEnv> envFactory) {
            super(envFactory);
        }

        @Override
        public Integer call() {
            try (CredentialCommandEnv env = openEnv()) {
                if (env.store().delete(provider, name)) {
                    out().println("Removed " + provider + " credential '" + name
                            + "'.");
                    return 0;
                }
                return fail(1, "no " + provider + " credential named '" + name + "'");
            }
        }
    }

    /** {@code credentials import-adc FILE [--name N]}. */
    @Command(name = "import-adc", mixinStandardHelpOptions = true,
            description = "Import a Google application-default-credentials file of type authorized_user (from"
                    + " `gcloud auth application-default login`) as a gemini OAuth credential.")
    static final class ImportAdc extends CredentialEnvCommand {
        @Parameters(index = "0", paramLabel = "FILE",
                description = "e.g. ~/.config/gcloud/application_default_credentials.json")
        private Path file;
        @Option(names = "--name", paramLabel = "NAME", defaultValue = "adc")
        private String name;

        ImportAdc(Function<ConfigOption, CredentialCommandEnv> envFactory) {
            super(envFactory);
        }

        @Override
        public Integer call() {
            if (!Names.valid(name)) {
                return fail(2, Names.RULE);
            }
            try (CredentialCommandEnv env = openEnv()) {
                StoredCredential c = env.logins().importAdc(name, file);
                out().println("Imported gemini credential '" + c.name() + "' (oauth).");
                return 0;
            } catch (LoginException e) {
                return fail(1, e.getMessage());
            }
        }
    }
}
