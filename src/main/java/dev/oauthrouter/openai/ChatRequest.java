package dev.oauthrouter.openai;

import java.util.Objects;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A validated OpenAI chat completion request.
 *
 * <p>{@code body} is the client's JSON object as received. It belongs to this one request: the
 * translator that maps it may change it in place (the pass-through does, to avoid copying large
 * prompts) and nothing reads it afterwards. Fields the router does not model stay in the body and are
 * passed through by OpenAI-compatible adapters.
 *
 * @param body         the client's request object
 * @param provider     the provider name, the part of {@code model} before the first {@code /}
 * @param model        the provider's model id, the rest of {@code model} (may contain {@code /})
 * @param stream       whether the client asked for SSE
 * @param includeUsage whether the client asked for the usage chunk ({@code stream_options.include_usage})
 */
public record ChatRequest(ObjectNode body, String provider, String model, boolean stream, boolean includeUsage) {
    /** Default {@code max_tokens} where a provider needs a value. */
    public static final int DEFAULT_MAX_TOKENS = 8192;
    /** Default temperature where a provider needs a value. */
    public static final double DEFAULT_TEMPERATURE = 1.0;
    /** Default top_p where a provider needs a value. */
    public static final double DEFAULT_TOP_P = 1.0;

    /** Validates the components. */
    public ChatRequest {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(model, "model");
    }

    /** Returns the model id as the client wrote it, {@code provider/model}. */
    public String qualifiedModel() {
        return provider + "/" + model;
    }

    /**
     * Returns the client's output token limit: {@code max_completion_tokens}, else {@code max_tokens},
     * else 0 when the client set none.
     */
    public int maxTokens() {
        if (body.hasNonNull("max_completion_tokens")) {
            return body.get("max_completion_tokens").asInt();
        }
        if (body.hasNonNull("max_tokens")) {
            return body.get("max_tokens").asInt();
        }
        return 0;
    }
}
