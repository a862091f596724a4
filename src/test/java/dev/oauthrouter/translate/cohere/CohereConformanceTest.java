package dev.oauthrouter.translate.cohere;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.translate.ChatTranslator;
import dev.oauthrouter.translate.ConformanceTestBase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

class CohereConformanceTest extends ConformanceTestBase {
    @Override
    protected String provider() {
        return "cohere";
    }

    @Override
    protected String model() {
        return "command-r-plus";
    }

    @Override
    protected ChatTranslator translator() {
        return CohereTranslator.create(CLOCK);
    }

    @Override
    protected boolean crlf() {
        return false;
    }

    @Override
    protected Map<String, String> skipped() {
        // every Cohere capture is a response or a stream
        return Map.of();
    }

    /** Builds the v2 chat response of a stream, as the Cohere SDK accumulates it. */
    @Override
    protected Optional<byte[]> assemble(List<SseEvent> events) {
        ObjectNode out = Json.object();
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        ArrayNode content = Json.array();
        ArrayNode calls = Json.array();
        StringBuilder plan = new StringBuilder();
        for (SseEvent ev : events) {
            if (ev.isDone()) {
                continue;
            }
            JsonNode e = Json.parse(ev.data());
            JsonNode m = e.path("delta").path("message");
            switch (e.path("type").asText()) {
            case "message-start" -> out.set("id", e.get("id"));
            case "content-start" -> content.add(m.get("content").deepCopy());
            case "content-delta" -> {
                ObjectNode c = (ObjectNode) content.get(content.size() - 1);
                m.get("content").fields().forEachRemaining(f -> c.put(f.getKey(),
                        c.path(f.getKey()).asText() + f.getValue().asText()));
            }
            case "tool-plan-delta" -> plan.append(m.path("tool_plan").asText());
            case "tool-call-start" -> calls.add(m.get("tool_calls").deepCopy());
            case "tool-call-delta" -> {
                ObjectNode f = (ObjectNode) calls.get(calls.size() - 1).get("function");
                f.put("arguments", f.path("arguments").asText()
                        + m.path("tool_calls").path("function").path("arguments").asText());
            }
            case "message-end" -> {
                out.set("finish_reason", e.path("delta").get("finish_reason"));
                out.set("usage", e.path("delta").get("usage"));
            }
            default -> {
            }
            }
        }
        if (!out.has("finish_reason")) {
            return Optional.empty();
        }
        if (!content.isEmpty()) {
            message.set("content", content);
        }
        if (!plan.isEmpty()) {
            message.put("tool_plan", plan.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        out.set("message", message);
        return Optional.of(Json.bytes(out));
    }
}
