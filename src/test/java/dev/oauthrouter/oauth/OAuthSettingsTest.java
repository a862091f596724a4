package dev.oauthrouter.oauth;

import java.time.Duration;
import java.util.Map;

import dev.oauthrouter.config.ConfigException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuthSettingsTest {

    @Test
    void defaults_use_documented_endpoints_and_no_borrowed_client_ids() {
        OAuthSettings s = OAuthSettings.defaults();
        assertThat(s.providers().get("github").deviceUrl()).isEqualTo("https://github.com/login/device/code");
        assertThat(s.providers().get("gemini").tokenUrl()).isEqualTo("https://oauth2.googleapis.com/token");
        assertThat(s.providers().get("openrouter").tokenUrl())
                .isEqualTo("https://openrouter.ai/api/v1/auth/keys");
        assertThat(s.providers().values()).allSatisfy(c -> assertThat(c.clientId()).isEmpty());
    }

    @Test
    void parses_clients_leads_and_overrides() {
        OAuthSettings s = OAuthSettings.parse(Map.of(
                "scan_interval", "30s",
                "github", Map.of("client_id", "Ov23abc", "refresh_lead", "10m"),
                "gemini", Map.of("client_id", "x.apps.googleusercontent.com", "client_secret", "sec",
                        "token_url", "http://127.0.0.1:9999/token")));
        assertThat(s.providers().get("github").clientId()).isEqualTo("Ov23abc");
        assertThat(s.manager().lead("github")).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.manager().lead("gemini")).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.manager().scanInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.providers().get("gemini").tokenUrl()).isEqualTo("http://127.0.0.1:9999/token");
        assertThat(s.providers().get("gemini").toString()).doesNotContain("sec]").contains("present");
    }

    @Test
    void rejects_unknown_keys_plain_http_and_bad_durations() {
        assertThatThrownBy(() -> OAuthSettings.parse(Map.of("github", Map.of("clientid", "x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clientid");
        assertThatThrownBy(() -> OAuthSettings.parse(Map.of("github", Map.of("token_url", "http://evil/x"))))
                .isInstanceOf(ConfigException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> OAuthSettings.parse(Map.of("scan_interval", "soon")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("duration");
    }
}
