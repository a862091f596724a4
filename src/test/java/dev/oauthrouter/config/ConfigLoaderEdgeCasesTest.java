package dev.oauthrouter.config;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reading the YAML config, beyond {@link ConfigLoaderTest}: which providers count as configured,
 * defaults, and one clear error naming the key path for each kind of wrong setting.
 */
class ConfigLoaderEdgeCasesTest {
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-from-env", "EMPTY", "");

    private static RouterConfig parse(String yaml) {
        return ConfigLoader.create(ENV::get).parse(yaml);
    }

    @Test
    void substitutes_variables_and_defaults_from_the_environment() {
        RouterConfig c = parse("""
                server: { host: "${HOST:-127.0.0.1}", port: "${PORT:-9090}" }
                providers:
                  openai: { api_key: "${OPENAI_API_KEY}" }
                  groq: { api_key: "${GROQ_API_KEY:-gsk-default}", models: [llama-3.3-70b-versatile] }
                """);

        assertThat(c.server().host()).isEqualTo("127.0.0.1");
        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.providers().get("openai").apiKey()).isEqualTo("sk-from-env");
        assertThat(c.providers().get("groq").apiKey()).isEqualTo("gsk-default");
        assertThat(c.providers().get("groq").models()).containsExactly("llama-3.3-70b-versatile");
    }

    @Test
    void leaves_out_providers_whose_key_is_empty_but_keeps_keyless_openai_compatible_ones() {
        RouterConfig c = parse("""
                providers:
                  openai: { api_key: "${OPENAI_API_KEY}" }
                  mistral: { api_key: "${MISTRAL_API_KEY}" }
                  xai: { api_key: "${EMPTY}" }
                  ollama: { type: openai-compatible, base_url: "http://localhost:11434/v1" }
                """);

        assertThat(c.providers().keySet()).containsExactly("openai", "ollama");
        assertThat(c.providers().get("ollama").openAiCompatible()).isTrue();
        assertThat(c.providers().get("ollama").baseUrl()).hasValueSatisfying(u ->
                assertThat(u.toString()).isEqualTo("http://localhost:11434/v1"));
    }

    @Test
    void applies_defaults() {
        RouterConfig c = parse("providers: {}");

        assertThat(c.server().host()).isEqualTo("0.0.0.0");
        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.server().maxBodySize()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.database().url()).startsWith("jdbc:h2:");
        assertThat(c.upstream().connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void reads_sizes_and_durations_with_units() {
        RouterConfig c = parse("""
                server: { max_body_size: 2MiB }
                upstream: { connect_timeout: 500ms, first_byte_timeout: PT2M }
                """);

        assertThat(c.server().maxBodySize()).isEqualTo(2L * 1024 * 1024);
        assertThat(c.upstream().connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.upstream().firstByteTimeout()).isEqualTo(Duration.ofMinutes(2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            nonsense: 1                                                       | nonsense
            server: { port: 99999 }                                           | server.port
            server: { port: eighty }                                          | server.port
            server: { colour: blue }                                          | server.colour
            database: { url: "mysql://x" }                                    | database.url
            upstream: { connect_timeout: soon }                               | upstream.connect_timeout
            providers: { openai: { api_key: k, base_url: "ftp://x" } }        | providers.openai.base_url
            providers: { openai: { api_key: k, base_url: "not a url" } }      | providers.openai.base_url
            providers: { openai: { api_key: k, models: gpt-4o } }             | providers.openai.models
            providers: { openai: { api_key: k, colour: blue } }               | providers.openai.colour
            providers: { foo: { type: nosuch, api_key: k } }                  | providers.foo.type
            providers: { local: { type: openai-compatible } }                 | providers.local.base_url
            providers: { cloudflare-ai: { api_key: k } }    | providers.cloudflare-ai.account_id
            """)
    void names_the_key_path_of_a_wrong_setting(String yaml, String path) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.path()).isEqualTo(path);
                    assertThat(e.getMessage()).startsWith(path + ": ").doesNotContain("\n");
                });
    }

    @Test
    void never_prints_keys_in_its_string_form() {
        RouterConfig c = parse("""
                database: { url: "jdbc:postgresql://db/x", user: u, password: "db-secret-pw" }
                providers:
                  openai: { api_key: "${OPENAI_API_KEY}" }
                """);

        assertThat(c.toString()).doesNotContain("sk-from-env").doesNotContain("db-secret-pw");
        assertThat(c.providers().get("openai").toString()).doesNotContain("sk-from-env");
    }
}
