package dev.oauthrouter.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.oauthrouter.credentials.CredentialKind;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.oauth.LoginService;
import dev.oauthrouter.oauth.OAuthProviderConfig;
import dev.oauthrouter.oauth.TokenClient;
import dev.oauthrouter.testing.FakeAuthServer;
import dev.oauthrouter.testing.FakeBrowser;
import dev.oauthrouter.testing.MutableClock;
import dev.oauthrouter.testing.TestCipher;
import dev.oauthrouter.testing.TestDatabases;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialCommandsTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private FakeAuthServer fake;
    private HikariDataSource db;
    private JdbcCredentialStore store;
    private CredentialCommandEnv env;

    @BeforeEach
    void setUp() {
        fake = FakeAuthServer.start("cli").client("google-client", "google-secret");
        db = TestDatabases.h2();
        store = JdbcCredentialStore.create(db, new TestCipher(), clock);
        String b = fake.base();
        LoginService logins = LoginService.create(store, TokenClient.create(Duration.ofSeconds(5), clock),
                clock,
                Map.of("gemini", OAuthProviderConfig.gemini("google-client", "google-secret")
                        .withUrls(b + "/authorize", b + "/token", "")), Duration.ofSeconds(10), d -> { });
        env = CredentialCommandEnv.of(store, logins, clock, () -> { });
    }

    @AfterEach
    void tearDown() {
        fake.close();
        db.close();
    }

    private int run(CommandLine cmd, String... args) {
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }

    private CommandLine credentials() {
        return CredentialsCommand.create(c -> env);
    }

    @Test
    void add_then_list_shows_status_and_never_a_secret() {
        assertThat(run(credentials(), "add", "gateway", "--name", "corp", "--access-token", "cli-secret-at-1",
                "--refresh-token", "cli-secret-rt-1", "--token-url", "https://idp.example/token",
                        "--client-id",
                "router", "--expires-in", "3600")).isZero();
        assertThat(run(credentials(), "add", "openai", "--name", "main", "--api-key", "cli-secret-key-1"))
                .isZero();
        assertThat(run(credentials(), "add", "svc", "--name", "cc", "--client-credentials", "--token-url",
                "https://idp.example/token", "--client-id", "router", "--client-secret",
                        "cli-secret-cs-1")).isZero();

        assertThat(run(credentials(), "list")).isZero();
        assertThat(run(credentials(), "list", "--json")).isZero();

        String printed = out.toString();
        assertThat(printed).contains("gateway", "corp", "oauth", "active", "2026-05-01T11:00:00Z")
                .contains("openai", "api_key", "client_credentials")
                .doesNotContain("cli-secret");
        StoredCredential corp = store.find("gateway", "corp").orElseThrow();
        assertThat(corp.kind()).isEqualTo(CredentialKind.OAUTH);
        assertThat(corp.renewable()).isTrue();
        assertThat(corp.secrets().refreshToken()).isEqualTo("cli-secret-rt-1");
    }

    @Test
    void add_rejects_bad_input_with_clear_messages() {
        assertThat(run(credentials(), "add", "x", "--name", "a")).isEqualTo(2);
        assertThat(run(credentials(), "add", "x", "--name", "a", "--access-token", "t", "--refresh-token",
                "r"))
                .isEqualTo(2);
        assertThat(run(credentials(), "add", "x", "--name", "a", "--access-token", "t", "--token-url",
                "http://idp.example/token")).isEqualTo(2);
        assertThat(run(credentials(), "add", "x", "--name", "bad name", "--api-key", "k")).isEqualTo(2);
        assertThat(err.toString()).contains("exactly one of").contains("--token-url needs a value")
                .contains("https://").contains("credential name");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void remove_deletes_by_name() {
        run(credentials(), "add", "openai", "--name", "main", "--api-key", "k");
        assertThat(run(credentials(), "remove", "openai", "--name", "main")).isZero();
        assertThat(run(credentials(), "remove", "openai", "--name", "main")).isEqualTo(1);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void login_command_runs_the_loopback_flow_and_reports_the_saved_credential() {
        CommandLine login = new CommandLine(new LoginCommand(c -> env).prompt(FakeBrowser.loopback()));
        assertThat(run(login, "gemini", "--name", "work")).isZero();
        assertThat(out.toString()).contains("Saved gemini credential 'work' (oauth, expires");
        assertThat(store.find("gemini", "work")).isPresent();
    }

    @Test
    void login_for_a_provider_without_built_in_login_explains_the_supported_route() {
        CommandLine login = new CommandLine(new LoginCommand(c -> env).prompt(FakeBrowser.loopback()));
        assertThat(run(login, "anthropic")).isEqualTo(1);
        assertThat(err.toString()).contains("may not be used by third-party tools").contains("API key");
        assertThat(Clock.systemUTC()).isNotNull();
    }
}
