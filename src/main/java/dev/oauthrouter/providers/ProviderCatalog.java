package dev.oauthrouter.providers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.oauthrouter.config.ProviderSettings;
import dev.oauthrouter.providers.ProviderSpec.Dialect;

/**
 * The built-in provider types with their real default base URLs, auth headers and model catalogues.
 */
public final class ProviderCatalog {
    /** The type of user-defined OpenAI-compatible entries (Ollama, vLLM, LM Studio...). */
    public static final String OPENAI_COMPATIBLE = "openai-compatible";

    private static final String BEARER = "Bearer ";
    private static final Map<String, ProviderSpec> SPECS = new LinkedHashMap<>();

    static {
        add(new ProviderSpec("openai", "https://api.openai.com/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("gpt-4o", "gpt-4o-mini", "gpt-4.1", "gpt-4.1-mini", "o1", "o1-mini", "o3-mini", "o4-mini"),
                "/models"));
        add(new ProviderSpec("anthropic", "https://api.anthropic.com", "x-api-key", "", Dialect.ANTHROPIC,
                List.of("claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5"), "/v1/models"));
        add(new ProviderSpec("gemini", "https://generativelanguage.googleapis.com/v1beta", "x-goog-api-key", "",
                Dialect.GEMINI, List.of("gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.0-flash"), "/models"));
        add(new ProviderSpec("mistral", "https://api.mistral.ai/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("mistral-large-latest", "mistral-small-latest", "codestral-latest"), "/models"));
        add(new ProviderSpec("groq", "https://api.groq.com/openai/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("llama-3.3-70b-versatile", "llama-3.1-8b-instant"), "/models"));
        add(new ProviderSpec("xai", "https://api.x.ai/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("grok-3", "grok-3-mini"), "/models"));
        add(new ProviderSpec("deepseek", "https://api.deepseek.com", "Authorization", BEARER, Dialect.OPENAI,
                List.of("deepseek-chat", "deepseek-reasoner"), "/models"));
        add(new ProviderSpec("together", "https://api.together.xyz/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo", "meta-llama/Llama-3.3-70B-Instruct-Turbo"),
                "/models"));
        add(new ProviderSpec("cohere", "https://api.cohere.com", "Authorization", BEARER, Dialect.COHERE,
                List.of("command-r-plus", "command-r"), ""));
        add(new ProviderSpec("cloudflare-ai", "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1",
                "Authorization", BEARER, Dialect.OPENAI,
                List.of("@cf/meta/llama-3.1-8b-instruct", "@cf/meta/llama-3.3-70b-instruct-fp8-fast"), ""));
        // GitHub Models: OpenAI-compatible, model ids are publisher/model, GitHub tokens as Bearer
        add(new ProviderSpec("github", "https://models.github.ai/inference", "Authorization", BEARER, Dialect.OPENAI,
                List.of("openai/gpt-4.1", "openai/gpt-4o-mini", "meta/Llama-4-Scout-17B-16E-Instruct"), ""));
        add(new ProviderSpec("openrouter", "https://openrouter.ai/api/v1", "Authorization", BEARER, Dialect.OPENAI,
                List.of("meta-llama/llama-3.1-8b-instruct", "openai/gpt-4o-mini", "anthropic/claude-sonnet-4.5"),
                "/models"));
    }

    private ProviderCatalog() {
    }

    private static void add(ProviderSpec spec) {
        SPECS.put(spec.name(), spec);
    }

    /** Returns the spec of a built-in provider type. */
    public static Optional<ProviderSpec> find(String type) {
        return Optional.ofNullable(SPECS.get(type));
    }

    /** Returns the names of all built-in provider types, in catalogue order. */
    public static Set<String> names() {
        return SPECS.keySet();
    }

    /** Returns the spec a configured provider entry is an instance of. */
    public static ProviderSpec spec(ProviderSettings settings) {
        return settings.openAiCompatible()
                ? openAiCompatible(settings.name(), settings.baseUrl().orElseThrow().toString())
                : find(settings.type()).orElseThrow();
    }

    /** Returns the spec for a user-defined OpenAI-compatible server at a base URL. */
    public static ProviderSpec openAiCompatible(String name, String baseUrl) {
        return new ProviderSpec(name, baseUrl, "Authorization", BEARER, Dialect.OPENAI, List.of(), "/models");
    }
}
