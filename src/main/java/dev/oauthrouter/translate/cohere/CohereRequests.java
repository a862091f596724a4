package dev.oauthrouter.translate.cohere;

import java.util.List;
import java.util.Optional;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;
import dev.oauthrouter.translate.RequestFields;
import dev.oauthrouter.translate.RequestFields.FunctionTool;
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
        if (!RequestFields.parallelToolCalls(in)) {
            throw ApiException.invalid("parallel_tool_calls",
                    "cohere cannot be limited to one tool call per turn; remove parallel_tool_calls: false.");
        }
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
            default -> throw ApiException.invalid(p + ".role",
                    "Role " + m.get("role").asText() + " is not supported; use system, developer, user, "
                            + "assistant or tool.");
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

        List<String> stops = RequestFields.stopSequences(in);
        if (stops.size() > MAX_STOP_SEQUENCES) {
            throw ApiException.invalid("stop", "cohere accepts at most 5 stop sequences.");
        }
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
        if (content == null || content.isNull()) {
            throw ApiException.invalid(p, "A user message needs content.");
        }
        if (content.isTextual()) {
            appendText(messages, "user", content.asText());
            return;
        }
        if (!content.isArray()) {
            throw ApiException.invalid(p, "content must be a string or an array of parts.");
        }
        ArrayNode parts = Json.array();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String pp = p + "[" + j + "]";
            switch (part.path("type").asText()) {
            case "text" -> parts.addObject().put("type", "text").put("text", RequestFields.partText(part,
                    pp));
            case "image_url" -> {
                String url = RequestFields.imageUrl(part, pp);
                if (RequestFields.isDataUrl(url)) {
                    RequestFields.dataUrl(url, pp + ".image_url.url");
                } else if (!RequestFields.isHttpUrl(url)) {
                    throw ApiException.invalid(pp + ".image_url.url",
                            "An image must be a data URL or an http(s) URL.");
                }
                parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
            }
            default -> throw ApiException.invalid(pp + ".type",
                    "cohere accepts text and image_url parts here, not " + part.path("type").asText() + ".");
            }
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
        StringBuilder text = new StringBuilder();
        JsonNode content = m.get("content");
        if (content != null && content.isTextual()) {
            text.append(content.asText());
        } else if (content != null && content.isArray()) {
            for (int j = 0; j < content.size(); j++) {
                JsonNode part = content.get(j);
                String type = part.path("type").asText();
                if (type.equals("text")) {
                    text.append(RequestFields.partText(part, p + ".content[" + j + "]"));
                } else if (!type.equals("refusal")) {
                    throw ApiException.invalid(p + ".content[" + j + "].type",
                            "Assistant messages may hold text parts only.");
                }
            }
        }
        JsonNode calls = m.get("tool_calls");
        boolean hasCalls = calls != null && calls.isArray() && !calls.isEmpty();
        if (!hasCalls) {
            if (!text.isEmpty()) {
                appendText(messages, "assistant", text.toString());
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
            a.put("content", text.toString());
        }
        ArrayNode out = a.putArray("tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String pp = p + ".tool_calls[" + j + "]";
            String id = call.path("id").asText("");
            String name = call.path("function").path("name").asText("");
            if (id.isEmpty() || name.isEmpty()) {
                throw ApiException.invalid(pp, "A tool call needs an id and function.name.");
            }
            ObjectNode c = out.addObject();
            c.put("id", id);
            c.put("type", "function");
            c.putObject("function").put("name", name).put("arguments", Json.string(
                    RequestFields.toolArguments(call.path("function").get("arguments"), pp
                            + ".function.arguments")));
        }
    }
}
