package dev.oauthrouter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialKind;
import dev.oauthrouter.credentials.CredentialStatus;
import dev.oauthrouter.providers.Provider;
import dev.oauthrouter.providers.ProviderCatalog;

import org.junit.jupiter.api.Test;

import static dev.oauthrouter.credentials.CredentialKind.CLIENT_CREDENTIALS;
import static dev.oauthrouter.credentials.CredentialKind.OAUTH;
import static dev.oauthrouter.credentials.CredentialStatus.ACTIVE;
import static dev.oauthrouter.credentials.CredentialStatus.DISABLED;
import static dev.oauthrouter.credentials.CredentialStatus.NEEDS_RELOGIN;
import static org.assertj.core.api.Assertions.assertThat;

class CredentialSummaryTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void a_usable_refreshable_token_is_active() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", OAUTH, ACTIVE, NOW.plusSeconds(60), null, true)), NOW);
        assertThat(s).isEqualTo(new CredentialSummary("oauth", "active", Optional.empty(), Optional.empty()));
    }

    @Test
    void a_token_that_cannot_be_refreshed_and_expires_soon_is_expiring() {
        CredentialSummary s = CredentialSummary.of(List.of(info("a", OAUTH, ACTIVE,
                NOW.plus(Duration.ofHours(3)), null, false)), NOW);
        assertThat(s.status()).isEqualTo("expiring");
    }

    @Test
    void all_cooling_down_reports_the_earliest_end() {
        Instant early = NOW.plusSeconds(30);
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", CLIENT_CREDENTIALS, ACTIVE, null, NOW.plusSeconds(90), true),
                info("b", CLIENT_CREDENTIALS, ACTIVE, null, early, true)), NOW);
        assertThat(s.kind()).isEqualTo("client_credentials");
        assertThat(s.status()).isEqualTo("cooling_down");
        assertThat(s.coolingUntil()).contains(early);
    }

    @Test
    void one_usable_credential_in_the_pool_keeps_the_provider_active() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", OAUTH, NEEDS_RELOGIN, null, null, true),
                info("b", OAUTH, ACTIVE, null, null, true)), NOW);
        assertThat(s.status()).isEqualTo("active");
        assertThat(s.lastError()).contains("refresh token revoked");
    }

    @Test
    void no_usable_credential_needs_a_new_login() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", OAUTH, NEEDS_RELOGIN, null, null, true),
                info("b", OAUTH, DISABLED, null, null, true)), NOW);
        assertThat(s.status()).isEqualTo("needs_relogin");
    }

    @Test
    void stored_source_falls_back_to_api_key_for_providers_without_stored_credentials() {
        CredentialSummary.Source source = CredentialSummary.Source.stored(() -> List.of(
                info("a", OAUTH, NEEDS_RELOGIN, null, null, true)),
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        assertThat(source.summary(provider("groq"))).isEqualTo(CredentialSummary.apiKey());
        assertThat(source.summary(provider("gemini")).status()).isEqualTo("needs_relogin");
    }

    private static Provider provider(String name) {
        String base = "http://127.0.0.1:1/v1";
        return new Provider(name, ProviderCatalog.openAiCompatible(name, base), base, null, () -> {
                    throw new IllegalStateException("not used");
                }, List.of(), java.util.Map.of());
    }

    private static CredentialInfo info(String name, CredentialKind kind, CredentialStatus status,
                                       Instant expires, Instant cooldown, boolean refreshable) {
        return new CredentialInfo("id-" + name, "gemini", name, kind, status, Optional.ofNullable(expires),
                Optional.empty(), status == NEEDS_RELOGIN
                        ? Optional.of("refresh token revoked") : Optional.empty(),
                Optional.ofNullable(cooldown), refreshable, false);
    }
}
