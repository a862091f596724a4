package dev.oauthrouter.translate.openai;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.TranslatedResponse;
import dev.oauthrouter.translate.UpstreamErrors;
import dev.oauthrouter.translate.UpstreamRequest;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Pass-through translation for providers that speak the OpenAI chat API, normalizing what each one
 * does differently: parameter names and defaults on the way up; finish reasons ({@code eos},
 * {@code model_length}), reasoning fields ({@code reasoning}, Mistral's typed content), usage location
 * (Groq's {@code x_groq}, xAI's reasoning outside completion tokens) and missing tool call indices on
 * the way down.
 */
public final class OpenAiCompatibleTranslator implements ChatTranslator {
    private final String type;
    private final String displayName;

    /**
     * Creates a translator.
     *
     * @param type        provider type whose rules apply ({@code openai}, {@code groq}, ...,
     *                    {@code openai-compatible})
     * @param displayName provider name for messages
     */
    public OpenAiCompatibleTranslator(String type, String displayName) {
        this.type = type;
        this.displayName = displayName;
    }

    @Override
    public UpstreamRequest request(ChatRequest request) {
        ObjectNode body = OpenAiRules.apply(type, request);
        return new UpstreamRequest("/chat/completions", Json.bytes(body), Map.of());
    }

    @Override
    public TranslatedResponse response(byte[] body, ChatRequest request) {
        JsonNode parsed;
        try {
            parsed = Json.parse(body);
        } catch (Json.JsonParseFailure e) {
            throw ApiException.upstream("upstream_bad_response", displayName
                    + " answered with a body that is not JSON. Retry the request.");
        }
        if (!(parsed instanceof ObjectNode root)) {
            throw ApiException.upstream("upstream_bad_response", displayName + " answered with an unexpected body.");
        }
        if (root.has("error") && !root.has("choices")) {
            // OpenRouter reports some failures as HTTP 200 with an error object
            throw inBodyError(root.get("error"));
        }
        if (!(root.get("choices") instanceof ArrayNode choices)) {
            throw ApiException.upstream("upstream_bad_response", displayName + " answered without choices.");
        }
        for (JsonNode c : choices) {
            if (c instanceof ObjectNode choice) {
                normalizeFinish(choice);
                if (choice.get("message") instanceof ObjectNode msg) {
                    normalizeReasoning(msg);
                }
            }
        }
        Usage usage = normalizeUsage(root);
        return new TranslatedResponse(root, usage);
    }

    @Override
    public StreamTranslator stream(ChatRequest request) {
        return new OpenAiStreamTranslator(this, request.includeUsage());
    }

    @Override
    public ApiException error(int status, byte[] body, String retryAfter) {
        return UpstreamErrors.map(displayName, status, UpstreamErrors.message(body), retryAfter);
    }

    String displayName() {
        return displayName;
    }

    String type() {
        return type;
    }

    /** Maps an error object found inside a 200 body or stream chunk. */
    UpstreamStreamException inBodyError(JsonNode error) {
        String message = error.isObject() ? error.path("message").asText("") : error.asText("");
        // OpenRouter puts the HTTP status in code; Groq's stream errors carry it as status_code next to a
        // string code such as tool_use_failed
        int code = error.path("code").isInt() ? error.path("code").asInt()
                : error.path("status_code").isInt() ? error.path("status_code").asInt() : 0;
        if (code < 400 || code >= 600) {
            // no status to report: say what happened instead of inventing one
            String detail = message.isBlank() ? "" : ": " + UpstreamErrors.redact(message);
            return new UpstreamStreamException(502, "api_error", "upstream_error",
                    displayName + " reported an error in the middle of its answer" + detail + ". Retry the request.");
        }
        ApiException mapped = UpstreamErrors.map(displayName, code, message, "");
        return new UpstreamStreamException(mapped.status(), mapped.type(), mapped.code().orElse("upstream_error"),
                mapped.getMessage());
    }

    /** Maps provider-specific finish reasons to OpenAI's; returns the mapped value or null. */
    static String normalizeFinish(ObjectNode choice) {
        JsonNode fr = choice.get("finish_reason");
        if (fr == null || !fr.isTextual()) {
            return null;
        }
        String v = fr.asText();
        String mapped = switch (v) {
        case "eos", "stop_sequence", "end_turn" -> "stop";
        case "model_length", "max_tokens" -> "length";
        case "function_call" -> "tool_calls";
        default -> v;
        };
        if (!mapped.equals(v)) {
            choice.put("finish_reason", mapped);
        }
        return mapped;
    }

    /**
     * Moves reasoning text to {@code reasoning_content}: Groq/OpenRouter {@code reasoning}, and Mistral's
     * typed content arrays ({@code thinking} parts to reasoning, {@code text} parts to content).
     */
    static void normalizeReasoning(ObjectNode msg) {
        JsonNode reasoning = msg.get("reasoning");
        if (reasoning != null && reasoning.isTextual() && !msg.has("reasoning_content")) {
            msg.put("reasoning_content", reasoning.asText());
            msg.remove("reasoning");
        }
        if (msg.get("content") instanceof ArrayNode parts) {
            StringBuilder text = new StringBuilder();
            StringBuilder thinking = new StringBuilder();
            for (JsonNode p : parts) {
                String t = p.path("type").asText();
                if (t.equals("text")) {
                    text.append(p.path("text").asText());
                } else if (t.equals("thinking")) {
                    for (JsonNode inner : p.path("thinking")) {
                        thinking.append(inner.path("text").asText());
                    }
                }
            }
            msg.put("content", text.toString());
            if (!thinking.isEmpty()) {
                String before = msg.path("reasoning_content").asText("");
                msg.put("reasoning_content", before + thinking);
            }
        }
    }

    /**
     * Returns the usage of a response or chunk, rewriting it to OpenAI semantics in place: Groq's
     * {@code x_groq.usage} is lifted to {@code usage}; xAI reports reasoning tokens outside
     * completion tokens, OpenAI inside.
     */
    Usage normalizeUsage(ObjectNode root) {
        JsonNode usage = root.get("usage");
        if ((usage == null || usage.isNull()) && root.path("x_groq").get("usage") instanceof ObjectNode groqUsage) {
            ObjectNode lifted = Json.object();
            lifted.set("prompt_tokens", groqUsage.get("prompt_tokens"));
            lifted.set("completion_tokens", groqUsage.get("completion_tokens"));
            lifted.set("total_tokens", groqUsage.get("total_tokens"));
            root.set("usage", lifted);
            usage = lifted;
        }
        if (!(usage instanceof ObjectNode u)) {
            return Usage.UNKNOWN;
        }
        if (type.equals("xai")) {
            long reasoning = u.path("completion_tokens_details").path("reasoning_tokens").asLong(0);
            long completion = u.path("completion_tokens").asLong(0);
            long prompt = u.path("prompt_tokens").asLong(0);
            long total = u.path("total_tokens").asLong(0);
            if (reasoning > 0 && total == prompt + completion + reasoning) {
                u.put("completion_tokens", completion + reasoning);
            }
        }
        if (!u.has("prompt_tokens_details") && u.has("prompt_cache_hit_tokens")) {
            // DeepSeek's own cache field
            u.putObject("prompt_tokens_details").set("cached_tokens", u.get("prompt_cache_hit_tokens"));
        }
        return Usage.fromOpenAi(u);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
