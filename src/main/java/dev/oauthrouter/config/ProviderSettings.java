package dev.oauthrouter.config;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured provider entry under {@code providers:}.
 *
 * @param name        the provider name used in model ids ({@code name/model})
 * @param type        the built-in provider type: a known provider name or {@code openai-compatible}
 * @param apiKey      API key, empty when none
 * @param baseUrl     base URL override, empty for the type's default
 * @param accountId   Cloudflare account id, empty when not relevant
 * @param models      models to list; empty for the built-in catalogue
 * @param headers     extra headers sent upstream (e.g. OpenRouter attribution)
 * @param credentials names of stored OAuth credentials to use
 */
public record ProviderSettings(String name,
                               String type,
                               String apiKey,
                               Optional<URI> baseUrl,
                               String accountId,
                               List<String> models,
                               Map<String, String> headers,
                               List<String> credentials) {
    /** Copies collections. */
    public ProviderSettings {
        models = List.copyOf(models);
        headers = Map.copyOf(headers);
        credentials = List.copyOf(credentials);
    }

    /** Returns true when this entry speaks the OpenAI API at a user-given base URL. */
    public boolean openAiCompatible() {
        return "openai-compatible".equals(type);
    }

    @Override
    public String toString() {
        // api keys must never reach a log line
        return "ProviderSettings[name=" + name + ", type=" + type + ", baseUrl=" + baseUrl.map(URI::toString).orElse("")
                + ", models=" + models + "]";
    }
}
