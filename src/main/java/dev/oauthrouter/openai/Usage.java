package dev.oauthrouter.openai;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Token counts of one answer, in OpenAI's terms. A count the provider did not report is -1.
 *
 * @param promptTokens     all input tokens, cached ones included
 * @param completionTokens all output tokens, reasoning included
 * @param reasoningTokens  output tokens spent on reasoning
 * @param cachedTokens     input tokens read from the provider's cache
 */
public record Usage(long promptTokens, long completionTokens, long reasoningTokens, long cachedTokens) {
    /** No usage reported. */
    public static final Usage UNKNOWN = new Usage(-1, -1, -1, -1);

    /** Returns true when the provider reported prompt or completion counts. */
    public boolean known() {
        return promptTokens >= 0 || completionTokens >= 0;
    }

    /** Returns prompt plus completion, counting unknown parts as 0. */
    public long totalTokens() {
        return Math.max(promptTokens, 0) + Math.max(completionTokens, 0);
    }

    /**
     * Returns the OpenAI {@code usage} object: prompt/completion/total tokens, with
     * {@code prompt_tokens_details.cached_tokens} and {@code completion_tokens_details.reasoning_tokens}
     * when known.
     */
    public ObjectNode toJson() {
        ObjectNode u = Json.object();
        u.put("prompt_tokens", Math.max(promptTokens, 0));
        u.put("completion_tokens", Math.max(completionTokens, 0));
        u.put("total_tokens", totalTokens());
        if (cachedTokens >= 0) {
            u.putObject("prompt_tokens_details").put("cached_tokens", cachedTokens);
        }
        if (reasoningTokens >= 0) {
            u.putObject("completion_tokens_details").put("reasoning_tokens", reasoningTokens);
        }
        return u;
    }

    /** Reads an OpenAI-shaped {@code usage} object; missing fields become -1. */
    public static Usage fromOpenAi(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return UNKNOWN;
        }
        return new Usage(
                longOr(usage.get("prompt_tokens")),
                longOr(usage.get("completion_tokens")),
                longOr(usage.path("completion_tokens_details").get("reasoning_tokens")),
                longOr(usage.path("prompt_tokens_details").get("cached_tokens")));
    }

    private static long longOr(JsonNode n) {
        return n != null && n.isNumber() ? n.asLong() : -1;
    }
}
