package dev.oauthrouter.translate.gemini;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.RequestFields;
import dev.oauthrouter.translate.RequestFields.FunctionTool;
import dev.oauthrouter.translate.RequestFields.ToolCall;
import dev.oauthrouter.translate.RequestFields.ToolChoice;
import dev.oauthrouter.translate.SchemaCleaner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Maps an OpenAI chat request to a Gemini {@code generateContent} body. */
final class GeminiRequests {
    static final String PROVIDER = "gemini";
    /** Gemini's documented placeholder for function calls that come without a thought signature. */
    static final String SKIP_SIGNATURE = "skip_thought_signature_validator";
    private static final int MAX_STOP_SEQUENCES = 5;

    private GeminiRequests() {
    }

    /** Returns the request body. */
    static ObjectNode map(ChatRequest request) {
        ObjectNode in = request.body();
        RequestFields.rejectUnsupported(in, PROVIDER);
        RequestFields.requireParallelToolCalls(in, PROVIDER);
        boolean gemini3 = request.model().startsWith("gemini-3");
        ObjectNode out = Json.object();
        ArrayNode system = Json.array();
        ArrayNode contents = Json.array();
        Map<String, String> callNames = new HashMap<>();
        List<JsonNode> list = RequestFields.messages(in);
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String p = "messages[" + i + "]";
            switch (RequestFields.role(m, i)) {
            case "system", "developer" -> {
                for (String t : RequestFields.texts(m.get("content"), p + ".content")) {
                    if (!t.isBlank()) {
                        system.addObject().put("text", t);
                    }
                }
            }
            case "user" -> userParts(parts(contents, "user"), m.get("content"), p + ".content");
            case "assistant" -> assistantParts(contents, m, p, callNames, gemini3);
            case "tool" -> {
                String id = m.path("tool_call_id").asText("");
                String name = callNames.get(id);
                if (name == null) {
                    throw ApiException.invalid(p + ".tool_call_id",
                            "gemini needs the function name of each tool result; "
                                    + "no earlier assistant tool call "
                                    + "has the id " + id + ".");
                }
                ObjectNode fr = parts(contents, "user").addObject().putObject("functionResponse");
                fr.put("name", name);
                fr.set("response", toolResponse(RequestFields.toolText(m.get("content"), p + ".content")));
            }
            default -> throw RequestFields.unsupportedRole(m, p);
            }
        }
        // drop turns left empty (e.g. an assistant message with empty content)
        for (int i = contents.size() - 1; i >= 0; i--) {
            if (contents.get(i).path("parts").isEmpty()) {
                contents.remove(i);
            }
        }
        if (contents.isEmpty()) {
            throw ApiException.invalid("messages", "The conversation needs at least one user message.");
        }
        out.set("contents", contents);
        if (!system.isEmpty()) {
            out.putObject("systemInstruction").set("parts", system);
        }

        List<FunctionTool> tools = RequestFields.tools(in);
        ToolChoice choice = RequestFields.toolChoice(in, tools);
        if (!tools.isEmpty()) {
            ArrayNode decls = out.putArray("tools").addObject().putArray("functionDeclarations");
            for (FunctionTool tool : tools) {
                ObjectNode d = decls.addObject();
                d.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    d.put("description", tool.description());
                }
                ObjectNode schema = SchemaCleaner.gemini(tool.parameters());
                // Gemini rejects an object schema without properties: a function without arguments has none
                if (!schema.path("properties").isEmpty() || !"object".equals(schema.path("type").asText())) {
                    d.set("parameters", schema);
                }
            }
            ObjectNode fcc = out.putObject("toolConfig").putObject("functionCallingConfig");
            switch (choice.mode()) {
            case "none" -> fcc.put("mode", "NONE");
            case "required" -> fcc.put("mode", "ANY");
            case "function" -> {
                fcc.put("mode", "ANY");
                fcc.putArray("allowedFunctionNames").add(choice.function());
            }
            default -> fcc.put("mode", "AUTO");
            }
        }

        ObjectNode gen = Json.object();
        RequestFields.number(in, "temperature", 0, 2, PROVIDER).ifPresent(v -> gen.put("temperature", v));
        RequestFields.number(in, "top_p", 0, 1, PROVIDER).ifPresent(v -> gen.put("topP", v));
        int modelMax = maxOutputTokens(request.model());
        RequestFields.maxTokens(in).ifPresent(v -> gen.put("maxOutputTokens", modelMax > 0 ? Math.min(v,
                modelMax) : v));
        List<String> stops = RequestFields.stopSequences(in, MAX_STOP_SEQUENCES, PROVIDER);
        if (!stops.isEmpty()) {
            ArrayNode s = gen.putArray("stopSequences");
            stops.forEach(s::add);
        }
        if (in.hasNonNull("seed")) {
            gen.put("seed", in.get("seed").asLong());
        }
        RequestFields.number(in, "presence_penalty", -2, 2, PROVIDER).ifPresent(v ->
                gen.put("presencePenalty", v));
        RequestFields.number(in, "frequency_penalty", -2, 2, PROVIDER).ifPresent(v ->
                gen.put("frequencyPenalty", v));
        Optional<ObjectNode> schema = RequestFields.responseSchema(in);
        if (schema.isPresent() || RequestFields.jsonObject(in)) {
            gen.put("responseMimeType", "application/json");
            schema.ifPresent(s -> gen.set("responseSchema", SchemaCleaner.gemini(s)));
        }
        RequestFields.reasoningEffort(in).ifPresent(effort -> gen.set("thinkingConfig",
                thinking(effort, request.model(), gemini3)));
        if (!gen.isEmpty()) {
            out.set("generationConfig", gen);
        }
        return out;
    }

    /** Returns the model's output token maximum (models overview page), or 0 when unknown. */
    static int maxOutputTokens(String model) {
        if (model.startsWith("gemini-2.5") || model.startsWith("gemini-3")) {
            return 65536;
        }
        if (model.startsWith("gemini-2.0") || model.startsWith("gemini-1.5")) {
            return 8192;
        }
        return 0;
    }

    private static ObjectNode thinking(String effort, String model, boolean gemini3) {
        if (model.startsWith("gemini-2.0") || model.startsWith("gemini-1")) {
            throw ApiException.invalid("reasoning_effort", model + " has no thinking mode.");
        }
        ObjectNode t = Json.object();
        if (gemini3) {
            if (effort.equals("none")) {
                throw ApiException.invalid("reasoning_effort", model + " cannot turn thinking off.");
            }
            t.put("thinkingLevel", effort.equals("minimal") || effort.equals("low") ? "low" : "high");
        } else {
            t.put("thinkingBudget", switch (effort) {
            case "none" -> 0;
            case "minimal" -> 512;
            case "low" -> 1024;
            case "medium" -> 8192;
            case "high" -> 24576;
            default -> 32768;
            });
        }
        if (!effort.equals("none")) {
            t.put("includeThoughts", true);
        }
        return t;
    }

    /** Returns the parts of the last content when it has this role, else of a new content. */
    private static ArrayNode parts(ArrayNode contents, String role) {
        if (!contents.isEmpty() && role.equals(contents.get(contents.size() - 1).path("role").asText())) {
            return (ArrayNode) contents.get(contents.size() - 1).get("parts");
        }
        ObjectNode c = contents.addObject();
        c.put("role", role);
        return c.putArray("parts");
    }

    private static void userParts(ArrayNode parts, JsonNode content, String p) {
        for (RequestFields.UserPart part : RequestFields.userParts(content, p, PROVIDER)) {
            if (part.isText()) {
                addText(parts, part.text());
            } else {
                parts.add(image(part.imageUrl(), part.param() + ".image_url.url"));
            }
        }
    }

    private static void addText(ArrayNode parts, String text) {
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
    }

    private static ObjectNode image(String url, String p) {
        ObjectNode part = Json.object();
        if (RequestFields.isDataUrl(url)) {
            RequestFields.DataUrl data = RequestFields.dataUrl(url, p);
            part.putObject("inlineData").put("mimeType", data.mediaType()).put("data", data.base64());
        } else if (RequestFields.isHttpUrl(url)) {
            part.putObject("fileData").put("mimeType", mimeFromUrl(url, p)).put("fileUri", url);
        } else {
            throw ApiException.invalid(p, "An image must be a data URL or an http(s) URL.");
        }
        return part;
    }

    /** Gemini needs a MIME type with every file URI; take it from the URL's file extension. */
    private static String mimeFromUrl(String url, String p) {
        String path = url;
        int cut = path.indexOf('?');
        path = cut < 0 ? path : path.substring(0, cut);
        cut = path.indexOf('#');
        path = cut < 0 ? path : path.substring(0, cut);
        String lower = path.toLowerCase(Locale.ROOT);
        int dot = lower.lastIndexOf('.');
        String ext = dot < 0 || dot < lower.lastIndexOf('/') ? "" : lower.substring(dot + 1);
        return switch (ext) {
        case "png" -> "image/png";
        case "jpg", "jpeg" -> "image/jpeg";
        case "webp" -> "image/webp";
        case "gif" -> "image/gif";
        case "heic" -> "image/heic";
        case "heif" -> "image/heif";
        default -> throw ApiException.invalid(p,
                "gemini needs the image type of a URL; use a URL ending in .png, "
                + ".jpg, .webp, .gif, .heic or .heif, or send the image as a data URL.");
        };
    }

    private static void assistantParts(ArrayNode contents, JsonNode m, String p, Map<String,
            String> callNames,
            boolean gemini3) {
        ArrayNode parts = parts(contents, "model");
        RequestFields.assistantTexts(m, p).forEach(t -> addText(parts, t));
        List<ToolCall> calls = RequestFields.assistantToolCalls(m, p);
        for (int j = 0; j < calls.size(); j++) {
            ToolCall call = calls.get(j);
            callNames.put(call.id(), call.name());
            ObjectNode part = parts.addObject();
            ObjectNode fc = part.putObject("functionCall");
            fc.put("name", call.name());
            fc.set("args", call.arguments());
            String signature = GeminiIds.signature(call.id());
            if (!signature.isEmpty()) {
                part.put("thoughtSignature", signature);
            } else if (gemini3 && j == 0) {
                // Gemini 3 rejects a first function call of a turn without a signature (e.g. one made by
                // another model); its docs name this placeholder for that case
                part.put("thoughtSignature", SKIP_SIGNATURE);
            }
        }
    }

    /** A function response must be an object: JSON objects pass as they are, anything else is wrapped. */
    private static ObjectNode toolResponse(String text) {
        String t = text.strip();
        if (t.startsWith("{")) {
            try {
                JsonNode parsed = Json.parse(t);
                if (parsed.isObject()) {
                    return (ObjectNode) parsed;
                }
            } catch (Json.JsonParseFailure ignored) {
                // not JSON after all: wrap the text
            }
        }
        ObjectNode wrapped = Json.object();
        wrapped.put("result", text);
        return wrapped;
    }
}
