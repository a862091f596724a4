package dev.oauthrouter.translate.anthropic;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

/** Maps an OpenAI chat request to an Anthropic Messages API body. */
final class AnthropicRequests {
    static final String PROVIDER = "anthropic";
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif",
            "image/webp");
    static final String JSON_OBJECT_INSTRUCTION = "Respond only with a single valid JSON object.";

    private AnthropicRequests() {
    }

    /** Returns the request body. */
    static ObjectNode map(ChatRequest request) {
        ObjectNode in = request.body();
        RequestFields.rejectUnsupported(in, PROVIDER);
        rejectPenalties(in);
        ObjectNode out = Json.object();
        out.put("model", request.model());

        ArrayNode system = Json.array();
        ArrayNode messages = Json.array();
        List<JsonNode> list = RequestFields.messages(in);
        for (int i = 0; i < list.size(); i++) {
            JsonNode m = list.get(i);
            String p = "messages[" + i + "]";
            switch (RequestFields.role(m, i)) {
            case "system", "developer" -> {
                for (String t : RequestFields.texts(m.get("content"), p + ".content")) {
                    if (!t.isBlank()) {
                        system.addObject().put("type", "text").put("text", t);
                    }
                }
            }
            case "user" -> append(messages, "user", userBlocks(m.get("content"), p + ".content"));
            case "assistant" -> append(messages, "assistant", assistantBlocks(m, p));
            case "tool" -> appendToolResult(messages, toolResult(m, p));
            default -> throw RequestFields.unsupportedRole(m, p);
            }
        }
        if (RequestFields.jsonObject(in)) {
            system.addObject().put("type", "text").put("text", JSON_OBJECT_INSTRUCTION);
        }
        if (messages.isEmpty()) {
            throw ApiException.invalid("messages", "The conversation needs at least one user message.");
        }

        Optional<String> effort = RequestFields.reasoningEffort(in);
        int budget = effort.map(AnthropicRequests::budget).orElse(0);
        int maxTokens = RequestFields.maxTokens(in).orElse(ChatRequest.DEFAULT_MAX_TOKENS + budget);
        int modelMax = AnthropicModels.maxOutputTokens(request.model());
        if (modelMax > 0) {
            maxTokens = Math.min(maxTokens, modelMax);
        }
        if (budget > 0) {
            budget = Math.min(budget, maxTokens - 1);
            if (budget < AnthropicModels.MIN_THINKING_BUDGET) {
                throw ApiException.invalid(in.has("max_completion_tokens") ? "max_completion_tokens"
                        : "max_tokens",
                        "With reasoning_effort, anthropic needs more than "
                                + AnthropicModels.MIN_THINKING_BUDGET + " output tokens.");
            }
        }
        out.put("max_tokens", maxTokens);
        if (!system.isEmpty()) {
            out.set("system", system);
        }
        out.set("messages", messages);

        List<FunctionTool> tools = RequestFields.tools(in);
        ToolChoice choice = RequestFields.toolChoice(in, tools);
        if (!tools.isEmpty()) {
            ArrayNode t = out.putArray("tools");
            for (FunctionTool tool : tools) {
                ObjectNode o = t.addObject();
                o.put("name", tool.name());
                if (!tool.description().isEmpty()) {
                    o.put("description", tool.description());
                }
                ObjectNode schema = SchemaCleaner.withoutMetaSchema(tool.parameters());
                if (!schema.has("type")) {
                    schema.put("type", "object");
                }
                o.set("input_schema", schema);
            }
            out.set("tool_choice", toolChoice(choice, RequestFields.parallelToolCalls(in), budget > 0));
        }

        List<String> stops = RequestFields.stopSequences(in);
        if (!stops.isEmpty()) {
            ArrayNode s = out.putArray("stop_sequences");
            stops.forEach(s::add);
        }
        Optional<Double> temperature = RequestFields.number(in, "temperature", 0, 1, PROVIDER);
        Optional<Double> topP = RequestFields.number(in, "top_p", 0, 1, PROVIDER);
        if (budget > 0) {
            // extended thinking only runs at the default temperature and with top_p of 0.95 or more
            if (temperature.isPresent() && temperature.get() != 1.0) {
                throw ApiException.invalid("temperature",
                        "anthropic runs reasoning only at temperature 1; "
                                + "remove temperature or reasoning_effort.");
            }
            if (topP.isPresent() && topP.get() < 0.95) {
                throw ApiException.invalid("top_p",
                        "anthropic runs reasoning only with top_p of 0.95 or more.");
            }
        }
        temperature.ifPresent(v -> out.put("temperature", v));
        topP.ifPresent(v -> out.put("top_p", v));
        if (budget > 0) {
            out.putObject("thinking").put("type", "enabled").put("budget_tokens", budget);
        }
        RequestFields.responseSchema(in).ifPresent(schema -> out.putObject("output_config")
                .putObject("format").put("type", "json_schema")
                .set("schema", SchemaCleaner.anthropicOutput(schema)));
        if (in.hasNonNull("user")) {
            out.putObject("metadata").put("user_id", in.get("user").asText());
        }
        if (request.stream()) {
            out.put("stream", true);
        }
        return out;
    }

    private static void rejectPenalties(ObjectNode in) {
        for (String f : new String[] {"presence_penalty", "frequency_penalty"}) {
            if (in.hasNonNull(f) && in.get(f).asDouble() != 0) {
                throw ApiException.invalid(f, "anthropic has no " + f + ".");
            }
        }
    }

    private static int budget(String effort) {
        return switch (effort) {
        case "minimal" -> 1024;
        case "low" -> 2048;
        case "medium" -> 8192;
        case "high" -> 16384;
        case "xhigh" -> 32768;
        default -> 0;
        };
    }

    private static ObjectNode toolChoice(ToolChoice choice, boolean parallel, boolean thinking) {
        ObjectNode c = Json.object();
        switch (choice.mode()) {
        case "none" -> {
            c.put("type", "none");
            return c;
        }
        case "required" -> c.put("type", "any");
        case "function" -> c.put("type", "tool").put("name", choice.function());
        default -> c.put("type", "auto");
        }
        if (thinking && !"auto".equals(choice.mode())) {
            throw ApiException.invalid("tool_choice",
                    "anthropic cannot force a tool call while reasoning; "
                            + "use tool_choice auto or drop reasoning_effort.");
        }
        if (!parallel) {
            c.put("disable_parallel_tool_use", true);
        }
        return c;
    }

    private static List<ObjectNode> userBlocks(JsonNode content, String p) {
        List<ObjectNode> blocks = new ArrayList<>();
        for (RequestFields.UserPart part : RequestFields.userParts(content, p, PROVIDER)) {
            if (part.isText()) {
                addText(blocks, part.text());
            } else {
                blocks.add(image(part.imageUrl(), part.param()));
            }
        }
        if (blocks.isEmpty()) {
            throw ApiException.invalid(p, "anthropic rejects empty user messages.");
        }
        return blocks;
    }

    private static void addText(List<ObjectNode> blocks, String text) {
        // Anthropic rejects empty text blocks; they carry nothing
        if (!text.isEmpty()) {
            ObjectNode b = Json.object();
            b.put("type", "text").put("text", text);
            blocks.add(b);
        }
    }

    private static ObjectNode image(String url, String p) {
        ObjectNode b = Json.object();
        b.put("type", "image");
        ObjectNode source = b.putObject("source");
        if (RequestFields.isDataUrl(url)) {
            RequestFields.DataUrl data = RequestFields.dataUrl(url, p + ".image_url.url");
            if (!IMAGE_TYPES.contains(data.mediaType())) {
                throw ApiException.invalid(p + ".image_url.url",
                        "anthropic accepts image/jpeg, image/png, image/gif and image/webp, not "
                                + data.mediaType() + ".");
            }
            source.put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else if (RequestFields.isHttpUrl(url)) {
            source.put("type", "url").put("url", url);
        } else {
            throw ApiException.invalid(p + ".image_url.url",
                    "An image must be a data URL or an http(s) URL.");
        }
        return b;
    }

    private static List<ObjectNode> assistantBlocks(JsonNode m, String p) {
        List<ObjectNode> thinking = new ArrayList<>();
        List<ObjectNode> blocks = new ArrayList<>();
        RequestFields.assistantTexts(m, p).forEach(t -> addText(blocks, t));
        for (RequestFields.ToolCall call : RequestFields.assistantToolCalls(m, p)) {
            thinking.addAll(ThinkingIds.blocks(call.id()));
            ObjectNode b = Json.object();
            b.put("type", "tool_use").put("id", ThinkingIds.baseId(call.id())).put("name", call.name());
            b.set("input", call.arguments());
            blocks.add(b);
        }
        // thinking blocks open the turn, as Anthropic produced them
        thinking.addAll(blocks);
        return thinking;
    }

    private static ObjectNode toolResult(JsonNode m, String p) {
        String id = m.path("tool_call_id").asText("");
        if (id.isEmpty()) {
            throw ApiException.invalid(p + ".tool_call_id", "A tool message needs tool_call_id.");
        }
        ObjectNode b = Json.object();
        b.put("type", "tool_result").put("tool_use_id", ThinkingIds.baseId(id));
        String text = RequestFields.toolText(m.get("content"), p + ".content");
        if (!text.isEmpty()) {
            b.put("content", text);
        }
        return b;
    }

    private static void append(ArrayNode messages, String role, List<ObjectNode> blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        ArrayNode content = lastContent(messages, role);
        blocks.forEach(content::add);
    }

    /** Puts a tool result after earlier tool results of the same user turn, before any text. */
    private static void appendToolResult(ArrayNode messages, ObjectNode block) {
        ArrayNode content = lastContent(messages, "user");
        int at = 0;
        while (at < content.size() && "tool_result".equals(content.get(at).path("type").asText())) {
            at++;
        }
        content.insert(at, block);
    }

    /** Returns the content of the last message when it has this role, else of a new one (roles merge). */
    private static ArrayNode lastContent(ArrayNode messages, String role) {
        if (!messages.isEmpty() && role.equals(messages.get(messages.size() - 1).path("role").asText())) {
            return (ArrayNode) messages.get(messages.size() - 1).get("content");
        }
        ObjectNode msg = messages.addObject();
        msg.put("role", role);
        return msg.putArray("content");
    }
}
