package dev.oauthrouter.translate;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads and checks the OpenAI request fields that every native-API translator maps, so that each
 * one rejects the same inputs with the same clear 400.
 */
public final class RequestFields {
    private RequestFields() {
    }

    /**
     * A decoded {@code data:} URL.
     *
     * @param mediaType the image's real media type: the one its first bytes show for PNG, JPEG, GIF
     *                  and WebP (clients often label one as another, which providers reject), else the
     *                  declared one
     * @param base64    the base64 payload
     */
    public record DataUrl(String mediaType, String base64) {
    }

    /** Returns the image type the first bytes of a base64 payload show, or empty when unknown. */
    static Optional<String> sniffImageType(String base64) {
        byte[] head;
        try {
            String prefix = base64.substring(0, Math.min(base64.length(), 24));
            head = java.util.Base64.getMimeDecoder().decode(prefix.substring(0, prefix.length() / 4 * 4));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0x89 && head[1] == 'P' && head[2] == 'N'
                && head[3] == 'G') {
            return Optional.of("image/png");
        }
        if (head.length >= 3 && (head[0] & 0xff) == 0xFF && (head[1] & 0xff) == 0xD8
                && (head[2] & 0xff) == 0xFF) {
            return Optional.of("image/jpeg");
        }
        if (head.length >= 4 && head[0] == 'G' && head[1] == 'I' && head[2] == 'F' && head[3] == '8') {
            return Optional.of("image/gif");
        }
        if (head.length >= 12 && head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P') {
            return Optional.of("image/webp");
        }
        return Optional.empty();
    }

    /** Returns the {@code messages} array, rejecting a missing or empty one. */
    public static List<JsonNode> messages(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw ApiException.invalid("messages", "messages must be a non-empty array.");
        }
        List<JsonNode> list = new ArrayList<>(messages.size());
        messages.forEach(list::add);
        return list;
    }

    /** Returns the role of a message, rejecting a missing one. */
    public static String role(JsonNode message, int i) {
        JsonNode role = message.get("role");
        if (role == null || !role.isTextual()) {
            throw ApiException.invalid("messages[" + i + "].role", "Each message needs a role.");
        }
        return role.asText();
    }

    /**
     * Returns the texts of a content that may only hold text (system, developer or tool messages):
     * a string, or an array of {@code text} parts.
     */
    public static List<String> texts(JsonNode content, String param) {
        List<String> texts = new ArrayList<>();
        if (content == null || content.isNull()) {
            return texts;
        }
        if (content.isTextual()) {
            texts.add(content.asText());
            return texts;
        }
        if (!content.isArray()) {
            throw ApiException.invalid(param, "content must be a string or an array of parts.");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw ApiException.invalid(param + "[" + j + "]",
                        "Only text parts are allowed in this message.");
            }
            texts.add(part.get("text").asText());
        }
        return texts;
    }

    /** Returns the error for a message whose role no native translator maps. */
    public static ApiException unsupportedRole(JsonNode message, String param) {
        return ApiException.invalid(param + ".role",
                "Role " + message.get("role").asText() + " is not supported; use system, developer, user, "
                        + "assistant or tool.");
    }

    /**
     * A part of a user message: text, or the URL of an image.
     *
     * @param text     the text of a text part, else null
     * @param imageUrl the URL of an image_url part, else null
     * @param param    the part's parameter path, for errors
     */
    public record UserPart(String text, String imageUrl, String param) {
        /** Returns true for a text part. */
        public boolean isText() {
            return text != null;
        }
    }

    /**
     * Returns the parts of a user message's content: a string (one text part) or an array of text
     * and image_url parts; rejects missing content and other part types.
     */
    public static List<UserPart> userParts(JsonNode content, String param, String provider) {
        if (content == null || content.isNull()) {
            throw ApiException.invalid(param, "A user message needs content.");
        }
        List<UserPart> parts = new ArrayList<>();
        if (content.isTextual()) {
            parts.add(new UserPart(content.asText(), null, param));
            return parts;
        }
        if (!content.isArray()) {
            throw ApiException.invalid(param, "content must be a string or an array of parts.");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String pp = param + "[" + j + "]";
            switch (part.path("type").asText()) {
            case "text" -> parts.add(new UserPart(partText(part, pp), null, pp));
            case "image_url" -> parts.add(new UserPart(null, imageUrl(part, pp), pp));
            default -> throw ApiException.invalid(pp + ".type", provider
                    + " accepts text and image_url parts here, not " + part.path("type").asText() + ".");
            }
        }
        return parts;
    }

    /**
     * Returns the texts of an assistant message's content (a string, or text parts; refusal parts
     * are skipped), rejecting other part types.
     *
     * @param message the assistant message
     * @param param   the message's parameter path, for errors
     */
    public static List<String> assistantTexts(JsonNode message, String param) {
        List<String> texts = new ArrayList<>();
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            texts.add(content.asText());
        } else if (content != null && content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String type = part.path("type").asText();
                if (type.equals("text")) {
                    texts.add(partText(part, param + ".content[" + j + "]"));
                } else if (!type.equals("refusal")) {
                    throw ApiException.invalid(param + ".content[" + j + "].type",
                            "Assistant messages may hold text parts only.");
                }
            }
        }
        return texts;
    }

    /**
     * A tool call of an earlier assistant message.
     *
     * @param id        the call id
     * @param name      the function name
     * @param arguments the parsed arguments object
     */
    public record ToolCall(String id, String name, ObjectNode arguments) {
    }

    /** Returns the tool calls of an assistant message, rejecting one without id or function name. */
    public static List<ToolCall> assistantToolCalls(JsonNode message, String param) {
        List<ToolCall> list = new ArrayList<>();
        JsonNode calls = message.get("tool_calls");
        if (calls == null || !calls.isArray()) {
            return list;
        }
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String pp = param + ".tool_calls[" + j + "]";
            String id = call.path("id").asText("");
            String name = call.path("function").path("name").asText("");
            if (id.isEmpty() || name.isEmpty()) {
                throw ApiException.invalid(pp, "A tool call needs an id and function.name.");
            }
            list.add(new ToolCall(id, name,
                    toolArguments(call.path("function").get("arguments"), pp + ".function.arguments")));
        }
        return list;
    }

    /** Returns a text part's text, rejecting a part without one. */
    public static String partText(JsonNode part, String param) {
        JsonNode text = part.get("text");
        if (text == null || !text.isTextual()) {
            throw ApiException.invalid(param, "A text part needs a string field text.");
        }
        return text.asText();
    }

    /** Returns the URL of an {@code image_url} part (object or plain string form). */
    public static String imageUrl(JsonNode part, String param) {
        JsonNode image = part.get("image_url");
        JsonNode url = image != null && image.isObject() ? image.get("url") : image;
        if (url == null || !url.isTextual() || url.asText().isBlank()) {
            throw ApiException.invalid(param, "An image_url part needs image_url.url.");
        }
        return url.asText();
    }

    /** Returns true when the URL is a {@code data:} URL. */
    public static boolean isDataUrl(String url) {
        return url.regionMatches(true, 0, "data:", 0, 5);
    }

    /** Decodes a base64 {@code data:} URL, rejecting any other form. */
    public static DataUrl dataUrl(String url, String param) {
        int comma = url.indexOf(',');
        String meta = comma < 0 ? "" : url.substring(5, comma);
        if (comma < 0 || !meta.toLowerCase(Locale.ROOT).endsWith(";base64")) {
            throw ApiException.invalid(param, "A data URL must look like data:<media type>;base64,<data>.");
        }
        String type = meta.substring(0, meta.length() - ";base64".length());
        int semi = type.indexOf(';');
        if (semi >= 0) {
            type = type.substring(0, semi);
        }
        if (type.isBlank()) {
            throw ApiException.invalid(param, "The data URL names no media type.");
        }
        String data = url.substring(comma + 1);
        String declared = type.toLowerCase(Locale.ROOT);
        String real = declared.startsWith("image/") ? sniffImageType(data).orElse(declared) : declared;
        return new DataUrl(real, data);
    }

    /** Returns true for an {@code http} or {@code https} URL. */
    public static boolean isHttpUrl(String url) {
        return url.regionMatches(true, 0, "http://", 0, 7) || url.regionMatches(true, 0, "https://", 0, 8);
    }

    /**
     * Returns the stop sequences ({@code stop} as string or array) without empty and whitespace-only
     * entries, which providers reject and which could never match a visible answer anyway.
     */
    public static List<String> stopSequences(ObjectNode body) {
        JsonNode stop = body.get("stop");
        List<String> list = new ArrayList<>();
        if (stop == null || stop.isNull()) {
            return list;
        }
        if (stop.isTextual()) {
            addStop(list, stop.asText());
        } else if (stop.isArray()) {
            for (JsonNode s : stop) {
                if (!s.isTextual()) {
                    throw ApiException.invalid("stop", "stop must be a string or an array of strings.");
                }
                addStop(list, s.asText());
            }
        } else {
            throw ApiException.invalid("stop", "stop must be a string or an array of strings.");
        }
        return list;
    }

    /** Returns the stop sequences, rejecting more than the provider accepts. */
    public static List<String> stopSequences(ObjectNode body, int max, String provider) {
        List<String> list = stopSequences(body);
        if (list.size() > max) {
            throw ApiException.invalid("stop", provider + " accepts at most " + max + " stop sequences.");
        }
        return list;
    }

    private static void addStop(List<String> list, String s) {
        if (!s.isBlank() && !list.contains(s)) {
            list.add(s);
        }
    }

    /**
     * Returns a number field checked against the provider's range.
     *
     * @throws ApiException when the value is not a number or outside {@code [min, max]}
     */
    public static Optional<Double> number(ObjectNode body, String field, double min, double max,
            String provider) {
        JsonNode n = body.get(field);
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isNumber()) {
            throw ApiException.invalid(field, field + " must be a number.");
        }
        double v = n.asDouble();
        if (v < min || v > max) {
            throw ApiException.invalid(field, provider + " accepts " + field + " from " + fmt(min) + " to "
                    + fmt(max) + "; got " + fmt(v) + ".");
        }
        return Optional.of(v);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    /** Returns the client's token limit when set, rejecting a non-positive one. */
    public static Optional<Integer> maxTokens(ObjectNode body) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode n = body.get(field);
            if (n != null && !n.isNull()) {
                if (!n.canConvertToInt() || n.asInt() < 1) {
                    throw ApiException.invalid(field, field + " must be a positive integer.");
                }
                return Optional.of(n.asInt());
            }
        }
        return Optional.empty();
    }

    /** Returns {@code reasoning_effort} when set: none, minimal, low, medium, high or xhigh. */
    public static Optional<String> reasoningEffort(ObjectNode body) {
        JsonNode n = body.get("reasoning_effort");
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        String v = n.asText();
        return switch (v) {
        case "none", "minimal", "low", "medium", "high", "xhigh" -> Optional.of(v);
        default -> throw ApiException.invalid("reasoning_effort",
                "reasoning_effort must be none, minimal, low, medium, high or xhigh.");
        };
    }

    /**
     * Rejects the OpenAI options that none of the native translators can honour: several choices,
     * log probabilities and logit bias. Dropping them would change what the client gets back.
     */
    public static void rejectUnsupported(ObjectNode body, String provider) {
        JsonNode n = body.get("n");
        if (n != null && !n.isNull() && n.asInt(1) != 1) {
            throw ApiException.invalid("n", provider + " models return one choice per request; n must be 1.");
        }
        if (body.path("logprobs").asBoolean(false) || body.hasNonNull("top_logprobs")) {
            throw ApiException.invalid("logprobs", "Log probabilities are not available for " + provider
                    + " models through this router.");
        }
        JsonNode bias = body.get("logit_bias");
        if (bias != null && bias.isObject() && !bias.isEmpty()) {
            throw ApiException.invalid("logit_bias", provider + " does not support logit_bias.");
        }
        JsonNode format = body.get("response_format");
        if (format != null && !format.isNull()) {
            String type = format.path("type").asText();
            if (!type.equals("text") && !type.equals("json_object") && !type.equals("json_schema")) {
                throw ApiException.invalid("response_format.type",
                        "response_format.type must be text, json_object or json_schema.");
            }
            if (type.equals("json_schema") && !format.path("json_schema").path("schema").isObject()) {
                throw ApiException.invalid("response_format.json_schema.schema",
                        "json_schema needs a schema object.");
            }
        }
    }

    /** Returns the JSON schema of a json_schema response format, when the client asked for one. */
    public static Optional<ObjectNode> responseSchema(ObjectNode body) {
        JsonNode format = body.get("response_format");
        if (format != null && "json_schema".equals(format.path("type").asText())) {
            return Optional.of((ObjectNode) format.path("json_schema").get("schema"));
        }
        return Optional.empty();
    }

    /** Returns true when the client asked for {@code response_format: json_object}. */
    public static boolean jsonObject(ObjectNode body) {
        JsonNode format = body.get("response_format");
        return format != null && "json_object".equals(format.path("type").asText());
    }

    /**
     * A function tool of the request.
     *
     * @param name        function name
     * @param description description or empty
     * @param parameters  the JSON schema, or an empty object schema
     */
    public record FunctionTool(String name, String description, ObjectNode parameters) {
    }

    /** Returns the function tools, rejecting other tool types. */
    public static List<FunctionTool> tools(ObjectNode body) {
        List<FunctionTool> list = new ArrayList<>();
        JsonNode tools = body.get("tools");
        if (tools == null || tools.isNull()) {
            return list;
        }
        if (!tools.isArray()) {
            throw ApiException.invalid("tools", "tools must be an array.");
        }
        for (int i = 0; i < tools.size(); i++) {
            JsonNode t = tools.get(i);
            if (!"function".equals(t.path("type").asText())) {
                throw ApiException.invalid("tools[" + i + "].type", "Only function tools are supported.");
            }
            JsonNode f = t.path("function");
            if (!f.path("name").isTextual() || f.path("name").asText().isBlank()) {
                throw ApiException.invalid("tools[" + i + "].function.name", "A function tool needs a name.");
            }
            JsonNode p = f.get("parameters");
            ObjectNode params;
            if (p == null || p.isNull()) {
                params = Json.object();
                params.put("type", "object");
                params.putObject("properties");
            } else if (p.isObject()) {
                params = (ObjectNode) p;
            } else {
                throw ApiException.invalid("tools[" + i + "].function.parameters",
                        "parameters must be an object.");
            }
            list.add(new FunctionTool(f.get("name").asText(), f.path("description").asText(""), params));
        }
        return list;
    }

    /**
     * The client's {@code tool_choice}.
     *
     * @param mode     auto, none, required or function
     * @param function the forced function name when mode is function, else empty
     */
    public record ToolChoice(String mode, String function) {
    }

    /** Returns the tool choice (auto when absent), checking that a named function exists. */
    public static ToolChoice toolChoice(ObjectNode body, List<FunctionTool> tools) {
        JsonNode c = body.get("tool_choice");
        if (c == null || c.isNull()) {
            return new ToolChoice("auto", "");
        }
        if (c.isTextual()) {
            return switch (c.asText()) {
            case "auto", "none" -> new ToolChoice(c.asText(), "");
            case "required" -> {
                if (tools.isEmpty()) {
                    throw ApiException.invalid("tool_choice",
                            "tool_choice required needs at least one tool.");
                }
                yield new ToolChoice("required", "");
            }
            default -> throw ApiException.invalid("tool_choice",
                    "tool_choice must be auto, none, required or a function.");
            };
        }
        String name = c.path("function").path("name").asText("");
        if (!"function".equals(c.path("type").asText()) || name.isEmpty()) {
            throw ApiException.invalid("tool_choice",
                    "tool_choice must be auto, none, required or {type: function, function: {name}}.");
        }
        if (tools.stream().noneMatch(t -> t.name().equals(name))) {
            throw ApiException.invalid("tool_choice.function.name", "No tool named " + name + " is defined.");
        }
        return new ToolChoice("function", name);
    }

    /** Rejects {@code parallel_tool_calls: false} for a provider that cannot honour it. */
    public static void requireParallelToolCalls(ObjectNode body, String provider) {
        if (!parallelToolCalls(body)) {
            throw ApiException.invalid("parallel_tool_calls", provider
                    + " cannot be limited to one tool call per turn; remove parallel_tool_calls: false.");
        }
    }

    /** Returns false when the client set {@code parallel_tool_calls: false}. */
    public static boolean parallelToolCalls(ObjectNode body) {
        return body.path("parallel_tool_calls").asBoolean(true);
    }

    /**
     * Parses tool call arguments into an object; empty or {@code null} arguments become {@code {}}.
     */
    public static ObjectNode toolArguments(JsonNode arguments, String param) {
        if (arguments == null || arguments.isNull()) {
            return Json.object();
        }
        if (arguments.isObject()) {
            return (ObjectNode) arguments;
        }
        String text = arguments.asText();
        if (text.isBlank() || text.equals("null")) {
            return Json.object();
        }
        JsonNode parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.JsonParseFailure e) {
            throw ApiException.invalid(param, "Tool call arguments must be a JSON object: " + e.getMessage());
        }
        if (!parsed.isObject()) {
            throw ApiException.invalid(param, "Tool call arguments must be a JSON object.");
        }
        return (ObjectNode) parsed;
    }

    /** Returns the text of a tool message's content (string or text parts joined). */
    public static String toolText(JsonNode content, String param) {
        return String.join("", texts(content, param));
    }
}
