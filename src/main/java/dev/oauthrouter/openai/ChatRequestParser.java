package dev.oauthrouter.openai;

import java.util.Set;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Parses and validates a {@code /v1/chat/completions} body. Every rejection is a 400
 * {@code invalid_request_error} whose {@code param} names the field.
 */
public final class ChatRequestParser {
    private static final Set<String> ROLES = Set.of("system", "developer", "user", "assistant", "tool", "function");

    private ChatRequestParser() {
    }

    /**
     * Parses a request body.
     *
     * @throws ApiException 400 naming the field when the body is not a valid chat request
     */
    public static ChatRequest parse(byte[] bytes) {
        JsonNode root;
        try {
            root = Json.parse(bytes);
        } catch (Json.JsonParseFailure e) {
            throw new ApiException(400, "invalid_request_error", "invalid_json", null,
                    "The request body is not valid JSON (" + e.getMessage() + "). Send a JSON object.");
        }
        if (!(root instanceof ObjectNode body)) {
            throw new ApiException(400, "invalid_request_error", "invalid_json", null,
                    "The request body must be a JSON object, got " + kind(root) + ".");
        }
        String[] model = model(body.get("model"));
        messages(body.get("messages"));
        number(body, "temperature", 0, 2);
        number(body, "top_p", 0, 1);
        positiveInt(body, "max_tokens");
        positiveInt(body, "max_completion_tokens");
        boolean stream = bool(body, "stream");
        boolean includeUsage = false;
        JsonNode so = body.get("stream_options");
        if (so != null && !so.isNull()) {
            if (!so.isObject()) {
                throw ApiException.invalid("stream_options", "stream_options must be an object such as "
                        + "{\"include_usage\": true}.");
            }
            JsonNode iu = so.get("include_usage");
            if (iu != null && !iu.isNull() && !iu.isBoolean()) {
                throw ApiException.invalid("stream_options.include_usage", "include_usage must be true or false.");
            }
            includeUsage = iu != null && iu.asBoolean();
        }
        return new ChatRequest(body, model[0], model[1], stream, stream && includeUsage);
    }

    private static String[] model(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.invalid("model", "model is required, e.g. \"openai/gpt-4o-mini\" "
                    + "(provider/model; GET /v1/models lists them).");
        }
        if (!node.isTextual()) {
            throw ApiException.invalid("model", "model must be a string such as \"openai/gpt-4o-mini\".");
        }
        String m = node.asText();
        int slash = m.indexOf('/');
        if (slash <= 0 || slash == m.length() - 1) {
            throw ApiException.invalid("model", "model must look like provider/model-name, e.g. "
                    + "\"anthropic/claude-sonnet-4-5\"; got \"" + clip(m) + "\". GET /v1/models lists them.");
        }
        return new String[] {m.substring(0, slash), m.substring(slash + 1)};
    }

    private static void messages(JsonNode node) {
        if (node == null || node.isNull()) {
            throw ApiException.invalid("messages", "messages is required: a non-empty array of "
                    + "{\"role\", \"content\"} objects.");
        }
        if (!node.isArray() || node.isEmpty()) {
            throw ApiException.invalid("messages", "messages must be a non-empty array of {\"role\", \"content\"} "
                    + "objects.");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            String path = "messages[" + i + "]";
            if (!m.isObject()) {
                throw ApiException.invalid(path, path + " must be an object with role and content.");
            }
            JsonNode role = m.get("role");
            if (role == null || !role.isTextual() || !ROLES.contains(role.asText())) {
                throw ApiException.invalid(path + ".role", path + ".role must be one of system, developer, user, "
                        + "assistant, tool.");
            }
            JsonNode content = m.get("content");
            boolean hasToolCalls = m.has("tool_calls") && m.get("tool_calls").isArray()
                    && !m.get("tool_calls").isEmpty() || m.hasNonNull("function_call");
            String r = role.asText();
            if (content == null || content.isNull()) {
                if (r.equals("assistant") && (hasToolCalls || m.hasNonNull("refusal"))) {
                    continue;
                }
                throw ApiException.invalid(path + ".content", path + ".content is required for role " + r + ".");
            }
            if (!content.isTextual() && !content.isArray()) {
                throw ApiException.invalid(path + ".content", path + ".content must be a string or an array of "
                        + "content parts.");
            }
            if (content.isArray()) {
                for (int j = 0; j < content.size(); j++) {
                    JsonNode part = content.get(j);
                    if (!part.isObject() || !part.path("type").isTextual()) {
                        throw ApiException.invalid(path + ".content[" + j + "]", path + ".content[" + j
                                + "] must be an object with a type, e.g. {\"type\":\"text\",\"text\":\"...\"}.");
                    }
                }
            }
            if (r.equals("tool") && !m.path("tool_call_id").isTextual()) {
                throw ApiException.invalid(path + ".tool_call_id", path + " has role tool but no tool_call_id "
                        + "naming the call it answers.");
            }
        }
    }

    private static void number(ObjectNode body, String field, double min, double max) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max || Double.isNaN(v.asDouble())) {
            throw ApiException.invalid(field, field + " must be a number from " + fmt(min) + " to " + fmt(max)
                    + ", got " + clip(v.toString()) + ".");
        }
    }

    private static void positiveInt(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isIntegralNumber() || v.asDouble() < 1 || v.asDouble() > Integer.MAX_VALUE) {
            throw ApiException.invalid(field, field + " must be a positive whole number, got " + clip(v.toString())
                    + ".");
        }
    }

    private static boolean bool(ObjectNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw ApiException.invalid(field, field + " must be true or false, got " + clip(v.toString()) + ".");
        }
        return v.asBoolean();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private static String kind(JsonNode n) {
        return n.isArray() ? "an array" : n.isTextual() ? "a string" : n.isNumber() ? "a number"
                : n.isBoolean() ? "a boolean" : "null";
    }

    private static String clip(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
