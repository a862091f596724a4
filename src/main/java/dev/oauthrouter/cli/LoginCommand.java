package dev.oauthrouter.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.oauth.LoginException;
import dev.oauthrouter.oauth.LoginFlow;
import dev.oauthrouter.oauth.LoginPrompt;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code oauthrouter login PROVIDER [--flow loopback|paste|device] [--name NAME] [--port N]}.
 */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Log in to a provider with its documented flow for third-party applications and"
                + " store the"
                + " credential (encrypted) in the database.",
                "openrouter: PKCE, yields a key you control (loopback or paste).",
                "gemini: Google OAuth with your own 'Desktop app' OAuth client (loopback or paste).",
                "github: device flow with your own GitHub OAuth App, for GitHub Models."})
public final class LoginCommand extends CredentialEnvCommand {
    @Parameters(index = "0", paramLabel = "PROVIDER", description = "openrouter, gemini or github")
    private String provider;

    @Option(names = "--flow", paramLabel = "FLOW", description = "loopback, paste or device (default: device"
            + " for github, loopback otherwise)")
    private String flow;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "default",
            description = "Name of the credential under the provider (default: ${DEFAULT-VALUE})")
    private String name;

    @Option(names = "--port", paramLabel = "N", defaultValue = "0",
            description = "Loopback callback port (default: any free port; paste flow: 8085)")
    private int port;

    private LoginPrompt prompt;

    /**
     * Creates the command.
     *
     * @param envFactory opens the credential database and login flows from the config
     */
    public LoginCommand(Function<ConfigOption, CredentialCommandEnv> envFactory) {
        super(envFactory);
    }

    /** Replaces the terminal prompt (tests play the owner and the browser). */
    public LoginCommand prompt(LoginPrompt replacement) {
        this.prompt = replacement;
        return this;
    }

    @Override
    public Integer call() {
        if (!Names.valid(name)) {
            return fail(2, Names.RULE);
        }
        LoginFlow f;
        try {
            f = flow == null ? (provider.equals("github") ? LoginFlow.DEVICE : LoginFlow.LOOPBACK)
                    : LoginFlow.parse(flow);
        } catch (IllegalArgumentException e) {
            return fail(2, "--flow must be loopback, paste or device");
        }
        LoginPrompt p = prompt != null ? prompt : new TerminalPrompt(out(),
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
        try (CredentialCommandEnv env = openEnv()) {
            StoredCredential c = env.logins().login(provider, name, f, port, p);
            out().println("Saved " + c.provider() + " credential '" + c.name() + "' ("
                    + c.kind().wire() + c.expiresAt().map(Instant::toString).map(e -> ", expires " + e)
                            .orElse("")
                    + "). List it under providers." + c.provider()
                            + ".credentials in the config, or leave that"
                    + " list out to use every stored " + c.provider() + " credential.");
            return 0;
        } catch (LoginException e) {
            return fail(1, e.getMessage());
        }
    }
}
