package dev.oauthrouter.oauth;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import dev.oauthrouter.cli.CredentialCommandEnv;
import dev.oauthrouter.cli.CredentialsCommand;
import dev.oauthrouter.credentials.BodyFormat;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.CredentialPool;
import dev.oauthrouter.credentials.CredentialSecrets;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.testing.FakeAuthServer;
import dev.oauthrouter.testing.FakeBrowser;
import dev.oauthrouter.testing.MutableClock;
import dev.oauthrouter.testing.TestCipher;
import dev.oauthrouter.testing.TestDatabases;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every flow with unique fake secrets and all logging on, then looks for the secrets in logs,
 * error bodies, exception messages and command output.
 */
class SecretCanaryTest {
    private static final String CANARY = "CANARY7f3";
    private static final String CLIENT_SECRET = CANARY + "-client-secret";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final List<String> captured = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            StringWriter sw = new StringWriter();
            sw.append(r.getLoggerName()).append(' ').append(String.valueOf(r.getMessage()));
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    sw.append(' ').append(String.valueOf(p));
                }
            }
            if (r.getThrown() != null) {
                r.getThrown().printStackTrace(new PrintWriter(sw));
            }
            captured.add(sw.toString());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level rootLevel;
    private FakeAuthServer fake;
    private HikariDataSource db;
    private JdbcCredentialStore store;

    @BeforeEach
    void setUp() {
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL);
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        Logger.getLogger("dev.oauthrouter").setLevel(Level.ALL);
        fake = FakeAuthServer.start(CANARY).client("google-client", CLIENT_SECRET).client("gh-client", "")
                .client("svc", CLIENT_SECRET);
        db = TestDatabases.h2();
        store = JdbcCredentialStore.create(db, new TestCipher(), clock);
    }

    @AfterEach
    void tearDown() {
        Logger root = Logger.getLogger("");
        root.removeHandler(handler);
        root.setLevel(rootLevel);
        Logger.getLogger("dev.oauthrouter").setLevel(null);
        fake.close();
        db.close();
    }

    @Test
    void no_secret_appears_in_logs_errors_or_output(@TempDir Path dir) throws Exception {
        String b = fake.base();
        TokenClient client = TokenClient.create(Duration.ofSeconds(5), clock);
        Map<String, OAuthProviderConfig> configs = Map.of(
                "openrouter", OAuthProviderConfig.openrouter().withUrls(b + "/auth", b + "/keys", ""),
                "gemini", OAuthProviderConfig.gemini("google-client", CLIENT_SECRET)
                        .withUrls(b + "/authorize", b + "/token", ""),
                "github", OAuthProviderConfig.github("gh-client").withUrls("", b + "/token", b
                        + "/device/code"));
        LoginService logins = LoginService.create(store, client, clock, configs, Duration.ofSeconds(10),
                d -> { });
        TokenManagerTest.FlakyStore flaky = new TokenManagerTest.FlakyStore(store);
        TokenManager manager = TokenManager.create(flaky, client, clock, TokenManagerTest.SETTINGS);
        List<String> texts = new CopyOnWriteArrayList<>();

        // logins
        logins.login("openrouter", "or", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback());
        logins.login("openrouter", "or2", LoginFlow.PASTE, 0, FakeBrowser.paste(u -> u));
        StoredCredential gem = logins.login("gemini", "work", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback());
        logins.login("gemini", "paste", LoginFlow.PASTE, 0, FakeBrowser.paste(u -> u));
        fake.device(2, 1, false);
        FakeBrowser owner = FakeBrowser.loopback();
        logins.login("github", "me", LoginFlow.DEVICE, 0, owner);
        texts.addAll(owner.shown());
        fake.device(1, 0, true);
        texts.add(failure(() -> logins.login("github", "late", LoginFlow.DEVICE, 0, FakeBrowser.loopback())));
        fake.echoWrongState(CANARY + "-state");
        texts.add(failure(() -> logins.login("gemini", "x", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback())));
        fake.echoWrongState(null);
        String[] adcFamily = fake.seedFamily("google-client");
        Path adc = dir.resolve("adc.json");
        Files.writeString(adc,
                "{\"type\":\"authorized_user\",\"client_id\":\"google-client\",\"client_secret\":\""
                + CLIENT_SECRET + "\",\"refresh_token\":\"" + adcFamily[1] + "\"}");
        logins.importAdc("adc", adc);
        Files.writeString(adc,
                "{\"type\":\"authorized_user\",\"client_id\":\"google-client\",\"client_secret\":\""
                + CLIENT_SECRET + "\",\"refresh_token\":\"" + CANARY + "-unknown\"}");
        texts.add(failure(() -> logins.importAdc("bad", adc)));

        // refresh, rotation, failures
        clock.advance(Duration.ofHours(2));
        texts.add(manager.accessToken(gem.id()).startsWith(CANARY) ? "" : "no token");
        clock.advance(Duration.ofHours(2));
        fake.failNext(1, 429, 7);
        texts.add(failure(() -> manager.accessToken(gem.id())));
        clock.advance(Duration.ofSeconds(8));
        fake.failNext(1, 500, -1);
        texts.add(failure(() -> manager.accessToken(gem.id())));
        clock.advance(Duration.ofMinutes(1));
        flaky.failWrites.set(true);
        manager.accessToken(gem.id());
        flaky.failWrites.set(false);
        manager.scanOnce();
        StoredCredential cc = store.save(StoredCredential.clientCredentials("svc", "cc", b + "/token", "svc",
                CLIENT_SECRET, "", BodyFormat.FORM));
        manager.accessToken(cc.id());

        // reuse detection and the client-facing error
        String[] family = fake.seedFamily("google-client");
        client.token(URI.create(b + "/token"), BodyFormat.FORM, Map.of("grant_type", "refresh_token",
                "refresh_token", family[1], "client_id", "google-client", "client_secret", CLIENT_SECRET));
        StoredCredential stale = store.save(StoredCredential.oauth("gemini", "stale",
                new CredentialSecrets(family[0], family[1], CLIENT_SECRET, ""), b + "/token",
                        "google-client", "",
                BodyFormat.FORM, Optional.of(clock.instant().minusSeconds(1)), Map.of()));
        try {
            manager.accessToken(stale.id());
        } catch (ApiException e) {
            texts.add(e.getMessage());
            texts.add(new String(e.body(), StandardCharsets.UTF_8));
        }

        // pool, reactive 401, cooldown
        CredentialPool pool = CredentialPool.create("gemini", List.of("work"), store, manager,
                CredentialPool.ApiKeyStyle.BEARER, clock, Duration.ofSeconds(10));
        Credential cred = pool.acquire();
        fake.revokeAccess(cred.headerValue().substring(7));
        int status = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(b
                + "/v1/chat/completions"))
                .header(cred.headerName(), cred.headerValue()).POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
        assertThat(status).isEqualTo(401);
        assertThat(cred.unauthorized()).isTrue();
        cred.rateLimited(Duration.ofSeconds(30));
        texts.add(failure(pool::acquire));
        texts.add(cred.toString());

        // status views and the CLI listing
        manager.status().forEach(i -> texts.add(i.toJson().toString()));
        store.list().forEach(c -> texts.add(c.toString()));
        StringWriter out = new StringWriter();
        CommandLine cmd = CredentialsCommand.create(o -> CredentialCommandEnv.of(store, logins, clock,
                () -> { }));
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(out, true));
        cmd.execute("list");
        cmd.execute("list", "--json");
        texts.add(out.toString());
        manager.close();

        assertThat(captured).as("log records were captured").isNotEmpty();
        assertThat(String.join("\n", captured)).contains("token refreshed");
        assertThat(captured.stream().filter(line -> line.contains(CANARY))).isEmpty();
        assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContain(CANARY));
        assertThat(String.join("\n", texts)).contains("needs a new login")
                .contains("Retry-After".isEmpty() ? ""
                : "retry in");
    }

    private static String failure(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.getMessage() + " " + new String(e.body(), StandardCharsets.UTF_8) + " " + e.headers();
        } catch (RuntimeException e) {
            StringWriter sw = new StringWriter();
            e.printStackTrace(new PrintWriter(sw));
            return sw.toString();
        }
        throw new AssertionError("expected a failure");
    }
}
