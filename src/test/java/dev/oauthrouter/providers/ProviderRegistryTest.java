package dev.oauthrouter.providers;

import java.util.Map;

import dev.oauthrouter.config.ConfigLoader;
import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.testing.RouterHarness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each built-in provider's real default base URL and auth header, as the registry builds them from
 * config.
 */
class ProviderRegistryTest {
    @ParameterizedTest
    @CsvSource({
            "openai,        https://api.openai.com/v1,                Authorization, Bearer k",
            "mistral,       https://api.mistral.ai/v1,                Authorization, Bearer k",
            "groq,          https://api.groq.com/openai/v1,           Authorization, Bearer k",
            "xai,           https://api.x.ai/v1,                      Authorization, Bearer k",
            "deepseek,      https://api.deepseek.com,                 Authorization, Bearer k",
            "together,      https://api.together.xyz/v1,              Authorization, Bearer k",
            "openrouter,    https://openrouter.ai/api/v1,             Authorization, Bearer k",
            "cloudflare-ai, https://api.cloudflare.com/client/v4/accounts/acc0123/ai/v1, Authorization, "
                    + "Bearer k"})
    void uses_the_provider_default_base_url_and_auth_header(String name, String baseUrl, String header,
                                                           String value) {
        ProviderRegistry registry = registry("providers:\n  " + name
                + ": { api_key: k, account_id: acc0123 }\n");

        Provider p = registry.find(name).orElseThrow();

        assertThat(p.baseUrl()).isEqualTo(baseUrl);
        assertThat(p.spec().authHeader()).isEqualTo(header);
        assertThat(p.credentials().acquire().headerValue()).isEqualTo(value);
        assertThat(p.translator()).isNotNull();
    }

    @Test
    void strips_a_trailing_slash_from_a_configured_base_url_and_keeps_config_order() {
        ProviderRegistry registry = registry("""
                providers:
                  local: { type: openai-compatible, base_url: "http://localhost:11434/v1/" }
                  openai: { api_key: k }
                """);

        assertThat(registry.find("local").orElseThrow().baseUrl()).isEqualTo("http://localhost:11434/v1");
        assertThat(registry.all()).extracting(Provider::name).containsExactly("local", "openai");
        assertThat(registry.hasConfiguredModels(registry.find("openai").orElseThrow())).isFalse();
    }

    private static ProviderRegistry registry(String yaml) {
        RouterConfig config = ConfigLoader.create(Map.<String, String>of()::get).parse(yaml);
        return ProviderRegistry.create(config.providers().values(), RouterHarness::apiKey, Map.of());
    }
}
