package dev.oauthrouter.translate.openai;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.openai.ChatRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Per-provider parameter rules for the OpenAI-compatible family: which request fields each provider
 * takes under which name, and which defaults it needs. Pure functions over a copy of the client body.
 */
final class OpenAiRules {
    private static final Pattern OPENAI_REASONING = Pattern.compile("^(o\\d|gpt-5)([-.].*)?$");
    private static final Pattern MISTRAL_ID = Pattern.compile("[a-zA-Z0-9]{9}");
    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
            .toCharArray();
    /** Providers whose default temperature is not OpenAI's 1.0, so the router sends its default. */
    private static final Set<String> NEEDS_TEMPERATURE = Set.of("mistral", "together", "cloudflare-ai");
    /** Providers whose default output limit is small or absent, so the router sends its default. */
    private static final Set<String> NEEDS_MAX_TOKENS = Set.of("cloudflare-ai");
    /** Providers that take {@code stream_options.include_usage}. */
    private static final Set<String> NO_STREAM_OPTIONS = Set.of("mistral");

    private OpenAiRules() {
    }

    /**
     * Returns the body to send upstream for a provider type: the client's body, changed in place.
     *
     * @param type    provider type ({@code openai}, {@code mistral}, ..., {@code openai-compatible})
     * @param request the validated client request
     */
    static ObjectNode apply(String type, ChatRequest request) {
        ObjectNode body = request.body();
        body.put("model", request.model());
        if (request.stream()) {
            if (NO_STREAM_OPTIONS.contains(type)) {
                // Mistral sends usage on its last chunk unasked and rejects unknown fields
                body.remove("stream_options");
            } else {
                // always ask for usage so the usage row is complete; the translator hides the extra
                // chunk from clients that did not ask for it
                ObjectNode so = body.has("stream_options") && body.get("stream_options").isObject()
                        ? (ObjectNode) body.get("stream_options")
                        : body.putObject("stream_options");
                so.put("include_usage", true);
            }
        } else {
            body.remove("stream_options");
        }
        switch (type) {
        case "openai" -> openAi(body, request.model());
        case "mistral" -> mistral(body);
        case "groq" -> groq(body);
        case "deepseek", "cloudflare-ai" -> renameMaxCompletionTokens(body);
        default -> {
            // xai, together, openrouter and user-defined servers take the OpenAI fields as they are
        }
        }
        if (NEEDS_TEMPERATURE.contains(type) && !body.has("temperature")) {
            body.put("temperature", ChatRequest.DEFAULT_TEMPERATURE);
        }
        if (NEEDS_MAX_TOKENS.contains(type) && !body.has("max_tokens")) {
            body.put("max_tokens", ChatRequest.DEFAULT_MAX_TOKENS);
        }
        return body;
    }

    /** Returns true for OpenAI reasoning models (o-series, gpt-5), which have their own parameter rules. */
    static boolean isOpenAiReasoning(String model) {
        return OPENAI_REASONING.matcher(model).matches();
    }

    private static void openAi(ObjectNode body, String model) {
        if (!isOpenAiReasoning(model)) {
            return;
        }
        // reasoning models reject max_tokens; max_completion_tokens is the same limit under its new name
        if (body.has("max_tokens")) {
            JsonNode v = body.remove("max_tokens");
            if (!body.has("max_completion_tokens") && !v.isNull()) {
                body.set("max_completion_tokens", v);
            }
        }
        for (String field : new String[] {"temperature", "top_p"}) {
            JsonNode v = body.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (v.asDouble() == 1.0) {
                // the model's fixed value: dropping it changes nothing
                body.remove(field);
            } else {
                throw ApiException.invalid(field, "openai/" + model + " is a reasoning model and only supports "
                        + field + " = 1. Remove " + field + " or use a non-reasoning model such as openai/gpt-4o.");
            }
        }
    }

    private static void mistral(ObjectNode body) {
        renameMaxCompletionTokens(body);
        if (body.has("seed")) {
            body.set("random_seed", body.remove("seed"));
        }
        // user is OpenAI abuse-tracking metadata; Mistral rejects unknown fields
        body.remove("user");
        remapToolIds(body);
    }

    private static void groq(ObjectNode body) {
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && n.asInt() != 1) {
            throw ApiException.invalid("n", "groq supports only n = 1.");
        }
        // Groq rejects messages[].name; it is only a speaker label
        for (JsonNode m : body.withArray("messages")) {
            if (m instanceof ObjectNode o) {
                o.remove("name");
            }
        }
    }

    private static void renameMaxCompletionTokens(ObjectNode body) {
        if (body.has("max_completion_tokens")) {
            JsonNode v = body.remove("max_completion_tokens");
            if (!body.has("max_tokens")) {
                body.set("max_tokens", v);
            }
        }
    }

    /**
     * Mistral accepts only 9-character alphanumeric tool call ids; ids issued by other providers
     * are mapped to stable ones so a conversation can move between providers.
     */
    private static void remapToolIds(ObjectNode body) {
        Map<String, String> ids = new HashMap<>();
        for (JsonNode m : body.withArray("messages")) {
            if (!(m instanceof ObjectNode msg)) {
                continue;
            }
            if (msg.get("tool_calls") instanceof ArrayNode calls) {
                for (JsonNode c : calls) {
                    if (c instanceof ObjectNode call && call.hasNonNull("id")) {
                        call.put("id", mistralId(call.get("id").asText(), ids));
                    }
                }
            }
            if (msg.hasNonNull("tool_call_id")) {
                msg.put("tool_call_id", mistralId(msg.get("tool_call_id").asText(), ids));
            }
        }
    }

    private static String mistralId(String id, Map<String, String> ids) {
        if (MISTRAL_ID.matcher(id).matches()) {
            return id;
        }
        return ids.computeIfAbsent(id, k -> {
            byte[] h = sha256(k);
            char[] out = new char[9];
            for (int i = 0; i < 9; i++) {
                out[i] = BASE62[(h[i] & 0xff) % 62];
            }
            return new String(out);
        });
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
