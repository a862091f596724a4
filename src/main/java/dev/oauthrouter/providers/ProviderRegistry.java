package dev.oauthrouter.providers;

import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import dev.oauthrouter.config.ProviderSettings;
import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.anthropic.AnthropicTranslator;
import dev.oauthrouter.translate.cohere.CohereTranslator;
import dev.oauthrouter.translate.gemini.GeminiTranslator;
import dev.oauthrouter.translate.openai.OpenAiCompatibleTranslator;

/**
 * The configured providers by name, and the answers for names that are not configured.
 */
public final class ProviderRegistry {
    private final Map<String, Provider> providers;
    private final Map<ProviderSpec.Dialect, Function<String, ChatTranslator>> translators;
    private final Set<String> configuredModelLists;

    private ProviderRegistry(Map<String, Provider> providers,
                             Map<ProviderSpec.Dialect, Function<String, ChatTranslator>> translators,
                             Set<String> configuredModelLists) {
        this.providers = providers;
        this.translators = translators;
        this.configuredModelLists = configuredModelLists;
    }

    /** The translators of the providers that do not speak the OpenAI API. */
    private static final Map<ProviderSpec.Dialect, Function<String, ChatTranslator>> NATIVE = Map.of(
            ProviderSpec.Dialect.ANTHROPIC, name -> AnthropicTranslator.create(),
            ProviderSpec.Dialect.GEMINI, name -> GeminiTranslator.create(),
            ProviderSpec.Dialect.COHERE, name -> CohereTranslator.create());

    /**
     * Builds the registry from configured providers, with the built-in translators for Anthropic,
     * Gemini and Cohere.
     *
     * @param settings    configured providers (only configured ones)
     * @param credentials returns the credential source of a configured provider
     */
    public static ProviderRegistry create(Collection<ProviderSettings> settings,
                                          Function<ProviderSettings, CredentialSource> credentials) {
        return create(settings, credentials, NATIVE);
    }

    /**
     * Builds the registry from configured providers.
     *
     * @param settings    configured providers (only configured ones)
     * @param credentials returns the credential source of a configured provider
     * @param translators translator factory per non-OpenAI dialect (argument: provider name); a dialect
     *                    without one makes its providers answer 400 "not supported yet"
     */
    public static ProviderRegistry create(Collection<ProviderSettings> settings,
                                          Function<ProviderSettings, CredentialSource> credentials,
                                          Map<ProviderSpec.Dialect, Function<String, ChatTranslator>>
                                                  translators) {
        Map<String, Provider> out = new LinkedHashMap<>();
        Set<String> configuredLists = new HashSet<>();
        for (ProviderSettings s : settings) {
            if (!s.models().isEmpty()) {
                configuredLists.add(s.name());
            }
            ProviderSpec spec = ProviderCatalog.spec(s);
            String base = s.baseUrl().map(Object::toString)
                    .orElse(spec.baseUrl().replace("{account_id}", s.accountId()));
            while (base.endsWith("/")) {
                base = base.substring(0, base.length() - 1);
            }
            ChatTranslator translator = spec.dialect() == ProviderSpec.Dialect.OPENAI
                    ? new OpenAiCompatibleTranslator(s.openAiCompatible() ? ProviderCatalog.OPENAI_COMPATIBLE
                            : s.type(), s.name())
                    : Optional.ofNullable(translators.get(spec.dialect()))
                            .map(f -> f.apply(s.name())).orElse(null);
            out.put(s.name(), new Provider(s.name(), spec, base, translator, credentials.apply(s),
                    s.models().isEmpty() ? spec.models() : s.models(), s.headers()));
        }
        return new ProviderRegistry(out, translators, Set.copyOf(configuredLists));
    }

    /**
     * Returns true when the config gives the provider's {@code models} list, which is then the whole
     * list; false when it uses the built-in catalogue.
     */
    public boolean hasConfiguredModels(Provider provider) {
        return configuredModelLists.contains(provider.name());
    }

    /** Returns all configured providers in config order. */
    public Collection<Provider> all() {
        return providers.values();
    }

    /** Returns a configured provider by name. */
    public Optional<Provider> find(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    /**
     * Returns the provider for a request.
     *
     * @throws ApiException 400 naming {@code model} when the provider is unknown or not configured
     */
    public Provider resolve(ChatRequest request) {
        Provider p = providers.get(request.provider());
        if (p != null) {
            if (p.translator() == null) {
                throw ApiException.invalid("model", "Provider '" + p.name() + "' (" + p.spec().dialect()
                        .name().toLowerCase(java.util.Locale.ROOT) + " API) is not supported by this router version.");
            }
            return p;
        }
        String name = request.provider();
        if (ProviderCatalog.find(name).isPresent()) {
            ProviderSpec spec = ProviderCatalog.find(name).get();
            String hint = spec.name().equals("cloudflare-ai")
                    ? "set api_key and account_id under providers.cloudflare-ai"
                    : "set providers." + name + ".api_key";
            throw new ApiException(400, "invalid_request_error", "provider_not_configured", "model",
                    "Provider '" + name + "' is not configured on this router: " + hint
                            + " in the router's config file (the shipped config reads it from the environment: "
                            + "start the router with " + envName(name) + " set) and restart.");
        }
        throw new ApiException(400, "invalid_request_error", "unknown_provider", "model",
                "Unknown provider '" + clip(name) + "' in model '" + clip(request.qualifiedModel())
                        + "'. Configured providers: " + (providers.isEmpty() ? "none"
                        : String.join(", ", providers.keySet())) + ". GET /v1/models lists the models.");
    }

    private static String envName(String provider) {
        return switch (provider) {
        case "cloudflare-ai" -> "CF_API_TOKEN";
        case "gemini" -> "GEMINI_API_KEY";
        default -> provider.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_API_KEY";
        };
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
