package dev.oauthrouter.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.oauthrouter.credentials.CredentialInfo;
import dev.oauthrouter.credentials.CredentialKind;
import dev.oauthrouter.credentials.CredentialStatus;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSummaryTest {
    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    @Test
    void a_usable_refreshable_token_is_active() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", CredentialKind.OAUTH, CredentialStatus.ACTIVE, NOW.plusSeconds(60), null, true)), NOW);
        assertThat(s).isEqualTo(new CredentialSummary("oauth", "active", Optional.empty(), Optional.empty()));
    }

    @Test
    void a_token_that_cannot_be_refreshed_and_expires_soon_is_expiring() {
        CredentialSummary s = CredentialSummary.of(List.of(info("a", CredentialKind.OAUTH, CredentialStatus.ACTIVE,
                NOW.plus(Duration.ofHours(3)), null, false)), NOW);
        assertThat(s.status()).isEqualTo("expiring");
    }

    @Test
    void all_cooling_down_reports_the_earliest_end() {
        Instant early = NOW.plusSeconds(30);
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", CredentialKind.CLIENT_CREDENTIALS, CredentialStatus.ACTIVE, null, NOW.plusSeconds(90), true),
                info("b", CredentialKind.CLIENT_CREDENTIALS, CredentialStatus.ACTIVE, null, early, true)), NOW);
        assertThat(s.kind()).isEqualTo("client_credentials");
        assertThat(s.status()).isEqualTo("cooling_down");
        assertThat(s.coolingUntil()).contains(early);
    }

    @Test
    void one_usable_credential_in_the_pool_keeps_the_provider_active() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", CredentialKind.OAUTH, CredentialStatus.NEEDS_RELOGIN, null, null, true),
                info("b", CredentialKind.OAUTH, CredentialStatus.ACTIVE, null, null, true)), NOW);
        assertThat(s.status()).isEqualTo("active");
        assertThat(s.lastError()).contains("refresh token revoked");
    }

    @Test
    void no_usable_credential_needs_a_new_login() {
        CredentialSummary s = CredentialSummary.of(List.of(
                info("a", CredentialKind.OAUTH, CredentialStatus.NEEDS_RELOGIN, null, null, true),
                info("b", CredentialKind.OAUTH, CredentialStatus.DISABLED, null, null, true)), NOW);
        assertThat(s.status()).isEqualTo("needs_relogin");
    }

    @Test
    void stored_source_falls_back_to_api_key_for_providers_without_stored_credentials() {
        CredentialSummary.Source source = CredentialSummary.Source.stored(() -> List.of(
                info("a", CredentialKind.OAUTH, CredentialStatus.NEEDS_RELOGIN, null, null, true)),
                java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC));
        assertThat(source.summary(provider("groq"))).isEqualTo(CredentialSummary.apiKey());
        assertThat(source.summary(provider("gemini")).status()).isEqualTo("needs_relogin");
    }

    private static dev.oauthrouter.providers.Provider provider(String name) {
        return new dev.oauthrouter.providers.Provider(name, dev.oauthrouter.providers.ProviderCatalog
                .openAiCompatible(name, "http://127.0.0.1:1/v1"), "http://127.0.0.1:1/v1", null, () -> {
                    throw new IllegalStateException("not used");
                }, List.of(), java.util.Map.of());
    }

    private static CredentialInfo info(String name, CredentialKind kind, CredentialStatus status, Instant expires,
                                       Instant cooldown, boolean refreshable) {
        return new CredentialInfo("id-" + name, "gemini", name, kind, status, Optional.ofNullable(expires),
                Optional.empty(), status == CredentialStatus.NEEDS_RELOGIN
                        ? Optional.of("refresh token revoked") : Optional.empty(),
                Optional.ofNullable(cooldown), refreshable, false);
    }
}
