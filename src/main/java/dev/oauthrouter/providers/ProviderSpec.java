package dev.oauthrouter.providers;

import java.util.List;

/**
 * What the router knows about a provider type before any configuration: where it lives, how it
 * authenticates, which wire dialect it speaks, and its built-in model catalogue.
 *
 * @param name        the type name, e.g. {@code groq}
 * @param baseUrl     default base URL; {@code {account_id}} is replaced from config (Cloudflare)
 * @param authHeader  header carrying an API key
 * @param authPrefix  prefix before the key in that header (e.g. {@code "Bearer "}), may be empty
 * @param dialect     the wire format
 * @param models      built-in catalogue of model ids
 * @param modelsPath  path of the provider's model listing relative to the base URL, empty when none
 */
public record ProviderSpec(String name,
                           String baseUrl,
                           String authHeader,
                           String authPrefix,
                           Dialect dialect,
                           List<String> models,
                           String modelsPath) {
    /** Copies the catalogue. */
    public ProviderSpec {
        models = List.copyOf(models);
    }

    /** The wire formats the router translates. */
    public enum Dialect {
        /** OpenAI chat completions, passed through with per-provider parameter rules. */
        OPENAI,
        /** Anthropic Messages API. */
        ANTHROPIC,
        /** Google Gemini generateContent. */
        GEMINI,
        /** Cohere v2 chat. */
        COHERE
    }
}
