package dev.oauthrouter.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-test", "PORT", "9090");

    private static RouterConfig parse(String yaml) {
        return ConfigLoader.create(ENV::get).parse(yaml);
    }

    @Test
    void substitutes_environment_and_defaults() {
        RouterConfig c = parse("""
                server: { host: 127.0.0.1, port: "${PORT}" }
                database: { url: "${DB_URL:-jdbc:h2:mem:x}" }
                providers:
                  openai: { api_key: "${OPENAI_API_KEY}" }
                  groq: { api_key: "${GROQ_API_KEY}" }
                  ollama: { type: openai-compatible, base_url: "http://localhost:11434/v1" }
                """);
        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.database().url()).isEqualTo("jdbc:h2:mem:x");
        assertThat(c.providers()).containsOnlyKeys("openai", "ollama");
        assertThat(c.providers().get("openai").apiKey()).isEqualTo("sk-test");
        assertThat(c.providers().get("ollama").apiKey()).isEmpty();
        assertThat(c.server().maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.upstream().firstByteTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.plans()).containsKeys("free", "starter", "pro", "enterprise");
        assertThat(c.plans().get("enterprise")).isEmpty();
    }

    @Test
    void rejects_unknown_key_with_its_path() {
        assertThatThrownBy(() -> parse("providers:\n  openai: { api_key: x, base_ulr: 'http://a' }\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("providers.openai.base_ulr: unknown key");
        assertThatThrownBy(() -> parse("sever: { port: 1 }\n"))
                .hasMessageStartingWith("sever: unknown key");
    }

    @Test
    void rejects_wrong_types_and_malformed_urls() {
        assertThatThrownBy(() -> parse("server: { port: eighty }\n"))
                .hasMessageStartingWith("server.port: must be a whole number");
        assertThatThrownBy(() -> parse("server: { port: 70000 }\n"))
                .hasMessageStartingWith("server.port: must be a port number");
        assertThatThrownBy(() -> parse("providers:\n  x: { type: openai-compatible, base_url: 'localhost:11434' }\n"))
                .hasMessageStartingWith("providers.x.base_url: must be an http:// or https:// URL");
        assertThatThrownBy(() -> parse("providers:\n  openai: { api_key: k, models: gpt-4o }\n"))
                .hasMessageStartingWith("providers.openai.models: must be a list");
        assertThatThrownBy(() -> parse("providers:\n  nope: { api_key: k }\n"))
                .hasMessageStartingWith("providers.nope.type: unknown provider type 'nope'");
        assertThatThrownBy(() -> parse("database: { url: 'jdbc:mysql://x' }\n"))
                .hasMessageStartingWith("database.url: must start with jdbc:h2: or jdbc:postgresql:");
        assertThatThrownBy(() -> parse("upstream: { connect_timeout: soon }\n"))
                .hasMessageStartingWith("upstream.connect_timeout: must be a positive duration");
        assertThatThrownBy(() -> parse("server: [1, 2]\n"))
                .hasMessageStartingWith("server: must be a mapping");
    }

    @Test
    void cloudflare_needs_an_account_id_when_configured() {
        assertThatThrownBy(() -> parse("providers:\n  cloudflare-ai: { api_key: k }\n"))
                .hasMessageStartingWith("providers.cloudflare-ai.account_id: required");
        RouterConfig c = parse("providers:\n  cloudflare-ai: { api_key: k, account_id: abc }\n");
        assertThat(c.providers().get("cloudflare-ai").accountId()).isEqualTo("abc");
    }

    @Test
    void parses_plans_sizes_and_durations() {
        RouterConfig c = parse("""
                server: { max_body_size: 2MiB }
                upstream: { connect_timeout: 500ms, first_byte_timeout: PT2M }
                plans: { team: 20, big: unlimited }
                """);
        assertThat(c.server().maxBodySize()).isEqualTo(2L * 1024 * 1024);
        assertThat(c.upstream().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.upstream().firstByteTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.plans()).containsOnlyKeys("team", "big");
        assertThat(c.plans().get("team")).hasValue(20);
        assertThatThrownBy(() -> parse("plans: { team: -3 }\n")).hasMessageStartingWith("plans.team:");
    }

    @Test
    void never_prints_keys_in_to_string() {
        RouterConfig c = parse("providers:\n  openai: { api_key: sk-secret-123 }\n"
                + "database: { url: 'jdbc:postgresql://h/db', password: hunter2 }\n");
        assertThat(c.toString()).doesNotContain("sk-secret-123").doesNotContain("hunter2");
        assertThat(c.providers().get("openai").toString()).doesNotContain("sk-secret-123");
    }

    @Test
    void shipped_config_names_every_provider_and_reads_keys_from_the_environment() {
        Map<String, String> env = Map.of("OPENAI_API_KEY", "k1", "ANTHROPIC_API_KEY", "k2", "GEMINI_API_KEY", "k3",
                "MISTRAL_API_KEY", "k4", "GROQ_API_KEY", "k5", "XAI_API_KEY", "k6", "DEEPSEEK_API_KEY", "k7",
                "TOGETHER_API_KEY", "k8", "COHERE_API_KEY", "k9", "OPENROUTER_API_KEY", "k10");
        java.util.HashMap<String, String> all = new java.util.HashMap<>(env);
        all.put("CF_API_TOKEN", "k11");
        all.put("CF_ACCOUNT_ID", "acct");
        RouterConfig c = ConfigLoader.create(all::get).load(java.nio.file.Path.of("config/oauthrouter.yaml"));
        assertThat(c.providers().keySet()).containsExactly("openai", "anthropic", "gemini", "mistral", "groq",
                "xai", "deepseek", "together", "cohere", "cloudflare-ai", "openrouter");
        assertThat(c.providers().get("cloudflare-ai").accountId()).isEqualTo("acct");
        assertThat(c.keyless()).containsOnlyKeys("github");
        RouterConfig none = ConfigLoader.create(k -> null).load(java.nio.file.Path.of("config/oauthrouter.yaml"));
        assertThat(none.providers()).isEmpty();
        assertThat(none.server().port()).isEqualTo(8080);
        assertThat(none.adminKey()).isEmpty();
    }

    @Test
    void rejects_invalid_yaml_with_a_line_number() {
        assertThatThrownBy(() -> parse("server:\n  port: [\n"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid YAML");
    }
}
