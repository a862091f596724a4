package dev.oauthrouter.oauth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.oauthrouter.credentials.CredentialKind;
import dev.oauthrouter.credentials.JdbcCredentialStore;
import dev.oauthrouter.credentials.StoredCredential;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoginServiceTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private FakeAuthServer fake;
    private HikariDataSource db;
    private JdbcCredentialStore store;
    private LoginService logins;

    @BeforeEach
    void setUp() {
        fake = FakeAuthServer.start("lgn").client("google-client", "google-secret").client("gh-client", "");
        db = TestDatabases.h2();
        store = JdbcCredentialStore.create(db, new TestCipher(), clock);
        String b = fake.base();
        Map<String, OAuthProviderConfig> configs = Map.of(
                "openrouter", OAuthProviderConfig.openrouter().withUrls(b + "/auth", b + "/keys", ""),
                "gemini", OAuthProviderConfig.gemini("google-client", "google-secret")
                        .withUrls(b + "/authorize", b + "/token", ""),
                "github", OAuthProviderConfig.github("gh-client").withUrls("", b + "/token", b
                        + "/device/code"));
        logins = LoginService.create(store, TokenClient.create(Duration.ofSeconds(5), Clock.systemUTC()),
                clock,
                configs, Duration.ofSeconds(10), sleeps::add);
    }

    @AfterEach
    void tearDown() {
        fake.close();
        db.close();
    }

    @Test
    void openrouter_loopback_login_stores_the_exchanged_key() {
        StoredCredential c = logins.login("openrouter", "main", LoginFlow.LOOPBACK, 0,
                FakeBrowser.loopback());

        assertThat(c.kind()).isEqualTo(CredentialKind.API_KEY);
        assertThat(c.secrets().apiKey()).startsWith("lgn-key-");
        assertThat(fake.accepts(c.secrets().apiKey())).isTrue();
        assertThat(store.find("openrouter", "main")).get()
                .satisfies(s -> assertThat(s.secrets().apiKey()).isEqualTo(c.secrets().apiKey()));
    }

    @Test
    void openrouter_paste_login_accepts_the_full_redirected_address() {
        StoredCredential c = logins.login("openrouter", "main", LoginFlow.PASTE, 0,
                FakeBrowser.paste(url -> url));
        assertThat(fake.accepts(c.secrets().apiKey())).isTrue();
    }

    @Test
    void gemini_loopback_login_validates_pkce_and_stores_refreshable_oauth_credential() {
        StoredCredential c = logins.login("gemini", "work", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback());

        assertThat(c.kind()).isEqualTo(CredentialKind.OAUTH);
        assertThat(c.renewable()).isTrue();
        assertThat(c.clientId()).isEqualTo("google-client");
        assertThat(c.secrets().clientSecret()).isEqualTo("google-secret");
        assertThat(c.expiresAt()).contains(clock.instant().plusSeconds(3600));
        assertThat(fake.accepts(c.secrets().accessToken())).isTrue();
    }

    @Test
    void gemini_paste_login_accepts_full_url_and_bare_code() {
        StoredCredential a = logins.login("gemini", "a", LoginFlow.PASTE, 0, FakeBrowser.paste(url -> url));
        assertThat(fake.accepts(a.secrets().accessToken())).isTrue();

        StoredCredential b = logins.login("gemini", "b", LoginFlow.PASTE, 0, FakeBrowser.paste(url ->
                url.replaceAll(".*[?&]code=([^&]+).*", "$1")));
        assertThat(fake.accepts(b.secrets().accessToken())).isTrue();
    }

    @Test
    void login_with_a_forged_state_is_refused() {
        fake.echoWrongState("forged");
        assertThatThrownBy(() -> logins.login("gemini", "w", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("state mismatch");
        assertThat(store.find("gemini", "w")).isEmpty();
    }

    @Test
    void login_denied_at_the_authorize_step_is_reported() {
        fake.denyAuthorize("access_denied");
        assertThatThrownBy(() -> logins.login("gemini", "w", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("access_denied");
    }

    @Test
    void second_login_with_same_name_replaces_the_credential_in_place() {
        StoredCredential first = logins.login("gemini", "work", LoginFlow.LOOPBACK, 0,
                FakeBrowser.loopback());
        StoredCredential second = logins.login("gemini", "work", LoginFlow.LOOPBACK, 0,
                FakeBrowser.loopback());
        assertThat(second.id()).isEqualTo(first.id());
        assertThat(second.version()).isGreaterThan(first.version());
        assertThat(store.list("gemini")).hasSize(1);
    }

    @Test
    void github_device_login_polls_through_pending_and_slow_down() {
        fake.device(3, 1, false);
        FakeBrowser owner = FakeBrowser.loopback();

        StoredCredential c = logins.login("github", "me", LoginFlow.DEVICE, 0, owner);

        assertThat(c.kind()).isEqualTo(CredentialKind.OAUTH);
        assertThat(fake.accepts(c.secrets().accessToken())).isTrue();
        assertThat(c.renewable()).isFalse();
        assertThat(owner.shown()).anySatisfy(m -> assertThat(m).contains("WDJB-MJHT")
                .contains("/login/device"));
        // 3 pending + 1 slow_down + success = 5 polls; the wait grows by 5 s after slow_down
        assertThat(sleeps).containsExactly(Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    @Test
    void github_device_login_stops_on_expired_token() {
        fake.device(1, 0, true);
        assertThatThrownBy(() -> logins.login("github", "me", LoginFlow.DEVICE, 0, FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("expired");
        assertThat(store.find("github", "me")).isEmpty();
    }

    @Test
    void github_refuses_browser_flows_and_openrouter_refuses_device_flow() {
        assertThatThrownBy(() -> logins.login("github", "me", LoginFlow.LOOPBACK, 0, FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("--flow device");
        assertThatThrownBy(() -> logins.login("openrouter", "x", LoginFlow.DEVICE, 0, FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("--flow loopback");
        assertThatThrownBy(() -> logins.login("anthropic", "x", LoginFlow.LOOPBACK, 0,
                FakeBrowser.loopback()))
                .isInstanceOf(LoginException.class).hasMessageContaining("credentials add anthropic");
    }

    @Test
    void imports_adc_authorized_user_file_and_redeems_it_once(@TempDir Path dir) throws Exception {
        String[] family = fake.rotate(false).seedFamily("google-client");
        Path file = dir.resolve("adc.json");
        Files.writeString(file, """
                {"type":"authorized_user","client_id":"google-client","client_secret":"google-secret",
                 "refresh_token":"%s","quota_project_id":"my-project"}""".formatted(family[1]));

        StoredCredential c = logins.importAdc("adc", file);

        assertThat(c.provider()).isEqualTo("gemini");
        assertThat(c.secrets().refreshToken()).isEqualTo(family[1]);
        assertThat(fake.accepts(c.secrets().accessToken())).isTrue();
        assertThat(c.attributes()).containsEntry("quota_project_id", "my-project");
    }

    @Test
    void adc_import_refuses_service_account_files(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sa.json");
        Files.writeString(file, "{\"type\":\"service_account\",\"private_key\":\"-----BEGIN\"}");
        assertThatThrownBy(() -> logins.importAdc("sa", file)).isInstanceOf(LoginException.class)
                .hasMessageContaining("authorized_user").hasMessageNotContaining("BEGIN");
    }
}
