package dev.oauthrouter.providers;

import java.util.List;
import java.util.Map;

import dev.oauthrouter.credentials.CredentialSource;
import dev.oauthrouter.translate.ChatTranslator;

/**
 * A configured provider: where to send requests, how to authenticate, and how to translate.
 *
 * @param name        the name used in model ids
 * @param spec        the built-in type it is an instance of
 * @param baseUrl     base URL without trailing slash
 * @param translator  the wire translator
 * @param credentials where credentials come from
 * @param models      models listed for it (config, else the catalogue)
 * @param headers     extra headers sent with every request
 */
public record Provider(String name,
                       ProviderSpec spec,
                       String baseUrl,
                       ChatTranslator translator,
                       CredentialSource credentials,
                       List<String> models,
                       Map<String, String> headers) {
    /** Copies collections. */
    public Provider {
        models = List.copyOf(models);
        headers = Map.copyOf(headers);
    }

    @Override
    public String toString() {
        return "Provider[" + name + " " + baseUrl + "]";
    }
}
