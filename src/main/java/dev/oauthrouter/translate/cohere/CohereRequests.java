package dev.oauthrouter.translate.cohere;

import java.util.List;
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

/** Maps an OpenAI chat request to a Cohere v2 chat body. */
final class CohereRequests {
    static final String PROVIDER = "cohere";
    private static final int MAX_STOP_SEQUENCES = 5;

    private CohereRequests() {
    }

    /** Returns the request body. */
    static ObjectNode map(ChatRequest request) {
        ObjectNode in = request.body();
        RequestFields.rejectUnsupported(in, PROVIDER);
        RequestFields.requireParallelToolCalls(in, PROVIDER);
        ObjectNode out = Json.object();
        out.put("model", request.model());
        ArrayNode messages = out.putArray("messages");
        List<JsonNode> list = RequestFields.messages(in);
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String p = "messages[" + i + "]";
            switch (RequestFields.role(m, i)) {
            case "system", "developer" -> {
                String text = String.join("\n\n", RequestFields.texts(m.get("content"), p + ".content"));
                if (!text.isBlank()) {
                    appendText(messages, "system", text);
                }
            }
            case "user" -> user(messages, m.get("content"), p + ".content");
            case "assistant" -> assistant(messages, m, p);
            case "tool" -> {
                String id = m.path("tool_call_id").asText("");
                if (id.isEmpty()) {
                    throw ApiException.invalid(p + ".tool_call_id", "A tool message needs tool_call_id.");
                }
                ObjectNode t = messages.addObject();
                t.put("role", "tool");
                t.put("tool_call_id", id);
                t.put("content", RequestFields.toolText(m.get("content"), p + ".content"));
            }
            default -> throw RequestFields.unsupportedRole(m, p);
            }
        }
        if (messages.isEmpty()) {
            throw ApiException.invalid("messages", "The conversation needs at least one message.");
        }

        List<FunctionTool> tools = RequestFields.tools(in);
        ToolChoice choice = RequestFields.toolChoice(in, tools);
        if (!tools.isEmpty()) {
            ArrayNode t = out.putArray("tools");
            for (FunctionTool tool : tools) {
                // Cohere cannot force one named tool: offer only that tool and require a call
                if (choice.mode().equals("function") && !tool.name().equals(choice.function())) {
                    continue;
                }
                ObjectNode f = t.addObject().put("type", "function").putObject("function");
                f.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    f.put("description", tool.description());
                }
                f.set("parameters", SchemaCleaner.withoutMetaSchema(tool.parameters()));
            }
            switch (choice.mode()) {
            case "none" -> out.put("tool_choice", "NONE");
            case "required", "function" -> out.put("tool_choice", "REQUIRED");
            default -> {
                // auto is Cohere's default and has no value of its own
            }
            }
        }

        List<String> stops = RequestFields.stopSequences(in, MAX_STOP_SEQUENCES, PROVIDER);
        if (!stops.isEmpty()) {
            ArrayNode s = out.putArray("stop_sequences");
            stops.forEach(s::add);
        }
        RequestFields.maxTokens(in).ifPresent(v -> out.put("max_tokens", v));
        // Cohere's v2 reference only asks for a non-negative temperature; OpenAI's 0..2 fits
        RequestFields.number(in, "temperature", 0, 2, PROVIDER).ifPresent(v -> out.put("temperature", v));
        // Cohere's p lies in [0.01, 0.99]; OpenAI's 0 and 1 are its nearest ends
        RequestFields.number(in, "top_p", 0, 1, PROVIDER)
                .ifPresent(v -> out.put("p", Math.max(0.01, Math.min(0.99, v))));
        if (in.hasNonNull("seed")) {
            out.put("seed", in.get("seed").asLong());
        }
        RequestFields.number(in, "frequency_penalty", 0, 1, PROVIDER).ifPresent(v ->
                out.put("frequency_penalty", v));
        RequestFields.number(in, "presence_penalty", 0, 1, PROVIDER).ifPresent(v ->
                out.put("presence_penalty", v));
        Optional<ObjectNode> schema = RequestFields.responseSchema(in);
        if (schema.isPresent() || RequestFields.jsonObject(in)) {
            ObjectNode f = out.putObject("response_format");
            f.put("type", "json_object");
            schema.ifPresent(s -> f.set("json_schema", SchemaCleaner.withoutMetaSchema(s)));
        }
        RequestFields.reasoningEffort(in).ifPresent(effort -> {
            ObjectNode t = out.putObject("thinking");
            if (effort.equals("none")) {
                t.put("type", "disabled");
            } else {
                t.put("type", "enabled");
                t.put("token_budget", switch (effort) {
                case "minimal" -> 512;
                case "low" -> 1024;
                case "medium" -> 4096;
                case "high" -> 16384;
                default -> 32768;
                });
            }
        });
        if (request.stream()) {
            out.put("stream", true);
        }
        return out;
    }

    private static void appendText(ArrayNode messages, String role, String text) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && role.equals(last.path("role").asText()) && last.path("content").isTextual()) {
            ((ObjectNode) last).put("content", last.get("content").asText() + "\n\n" + text);
            return;
        }
        messages.addObject().put("role", role).put("content", text);
    }

    private static void user(ArrayNode messages, JsonNode content, String p) {
        if (content != null && content.isTextual()) {
            appendText(messages, "user", content.asText());
            return;
        }
        ArrayNode parts = Json.array();
        for (RequestFields.UserPart part : RequestFields.userParts(content, p, PROVIDER)) {
            if (part.isText()) {
                parts.addObject().put("type", "text").put("text", part.text());
                continue;
            }
            String url = part.imageUrl();
            String param = part.param() + ".image_url.url";
            if (RequestFields.isDataUrl(url)) {
                RequestFields.dataUrl(url, param);
            } else if (!RequestFields.isHttpUrl(url)) {
                throw ApiException.invalid(param, "An image must be a data URL or an http(s) URL.");
            }
            parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && "user".equals(last.path("role").asText())) {
            ArrayNode merged = Json.array();
            if (last.path("content").isTextual()) {
                merged.addObject().put("type", "text").put("text", last.get("content").asText());
            } else {
                merged.addAll((ArrayNode) last.get("content"));
            }
            merged.addAll(parts);
            ((ObjectNode) last).set("content", merged);
            return;
        }
        messages.addObject().put("role", "user").set("content", parts);
    }

    private static void assistant(ArrayNode messages, JsonNode m, String p) {
        String text = String.join("", RequestFields.assistantTexts(m, p));
        List<ToolCall> calls = RequestFields.assistantToolCalls(m, p);
        if (calls.isEmpty()) {
            if (!text.isEmpty()) {
                appendText(messages, "assistant", text);
            }
            return;
        }
        ObjectNode a = messages.addObject();
        a.put("role", "assistant");
        // Cohere's tool plan is the text before the calls; we hand it to clients as reasoning_content
        String plan = m.path("reasoning_content").asText("");
        if (!plan.isEmpty()) {
            a.put("tool_plan", plan);
        }
        if (!text.isEmpty()) {
            a.put("content", text);
        }
        ArrayNode out = a.putArray("tool_calls");
        for (ToolCall call : calls) {
            ObjectNode c = out.addObject();
            c.put("id", call.id());
            c.put("type", "function");
            c.putObject("function").put("name", call.name()).put("arguments", Json.string(call.arguments()));
        }
    }
}
