package dev.oauthrouter.translate.anthropic;

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

class AnthropicConformanceTest extends ConformanceTestBase {
    @Override
    protected String provider() {
        return "anthropic";
    }

    @Override
    protected String model() {
        return "claude-sonnet-4-5";
    }

    @Override
    protected ChatTranslator translator() {
        return AnthropicTranslator.create(CLOCK);
    }

    @Override
    protected boolean crlf() {
        return false;
    }

    @Override
    protected Map<String, String> skipped() {
        // every Anthropic capture is a response, a stream or an error body
        return Map.of();
    }

    /** Builds the Message the Messages API returns without streaming, as the Anthropic SDKs accumulate it. */
    @Override
    protected Optional<byte[]> assemble(List<SseEvent> events) {
        ObjectNode message = null;
        StringBuilder json = new StringBuilder();
        for (SseEvent ev : events) {
            JsonNode e = Json.parse(ev.data());
            switch (e.path("type").asText()) {
            case "message_start" -> message = e.get("message").deepCopy();
            case "content_block_start" ->
                    ((ArrayNode) message.get("content")).add(e.get("content_block").deepCopy());
            case "content_block_delta" -> {
                ArrayNode content = (ArrayNode) message.get("content");
                ObjectNode block = (ObjectNode) content.get(e.path("index").asInt());
                JsonNode d = e.get("delta");
                switch (d.path("type").asText()) {
                case "text_delta" -> block.put("text", block.path("text").asText() + d.path("text").asText());
                case "thinking_delta" -> block.put("thinking",
                        block.path("thinking").asText() + d.path("thinking").asText());
                case "signature_delta" -> block.put("signature",
                        block.path("signature").asText() + d.path("signature").asText());
                case "input_json_delta" -> json.append(d.path("partial_json").asText());
                default -> {
                }
                }
            }
            case "content_block_stop" -> {
                ObjectNode block = (ObjectNode) message.get("content").get(e.path("index").asInt());
                if ("tool_use".equals(block.path("type").asText())) {
                    block.set("input", json.isEmpty() ? Json.object() : Json.parse(json.toString()));
                    json.setLength(0);
                }
            }
            case "message_delta" -> {
                message.set("stop_reason", e.path("delta").path("stop_reason"));
                ObjectNode usage = (ObjectNode) message.get("usage");
                e.path("usage").fields().forEachRemaining(f -> usage.set(f.getKey(), f.getValue()));
            }
            case "error" -> {
                return Optional.empty();
            }
            default -> {
            }
            }
        }
        return Optional.ofNullable(message).map(Json::bytes);
    }
}
