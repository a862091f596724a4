package dev.oauthrouter.translate.gemini;

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

class GeminiConformanceTest extends ConformanceTestBase {
    @Override
    protected String provider() {
        return "gemini";
    }

    @Override
    protected String model() {
        return "gemini-2.5-flash";
    }

    @Override
    protected ChatTranslator translator() {
        return GeminiTranslator.create(CLOCK, () -> "fallback-id");
    }

    @Override
    protected boolean crlf() {
        return true;
    }

    @Override
    protected Map<String, String> skipped() {
        return Map.of("pydantic-ai/test_compatible_api_with_tool_calls_without_id.yaml",
                "Gemini's OpenAI-compatible endpoint (/v1beta/openai), not the native API this translator"
                        + " speaks");
    }

    /**
     * Builds the generateContent answer of a stream: parts merged as the Gemini SDKs do (adjacent text
     * parts of the same kind joined), last finishReason and usageMetadata. Streams with Vertex
     * JSON-path argument patches, errors or no finish have no such form.
     */
    @Override
    protected Optional<byte[]> assemble(List<SseEvent> events) {
        ArrayNode parts = Json.array();
        ObjectNode out = Json.object();
        JsonNode finish = null;
        for (SseEvent ev : events) {
            JsonNode r = Json.parse(ev.data());
            if (r.has("error")) {
                return Optional.empty();
            }
            if (r.has("responseId")) {
                out.set("responseId", r.get("responseId"));
            }
            if (r.has("usageMetadata")) {
                out.set("usageMetadata", r.get("usageMetadata"));
            }
            if (r.has("promptFeedback")) {
                out.set("promptFeedback", r.get("promptFeedback"));
            }
            JsonNode c = r.path("candidates").path(0);
            for (JsonNode p : c.path("content").path("parts")) {
                JsonNode fc = p.get("functionCall");
                if (fc != null && (fc.has("willContinue") || fc.has("partialArgs") || !fc.has("name"))) {
                    return Optional.empty();
                }
                JsonNode last = parts.isEmpty() ? null : parts.get(parts.size() - 1);
                if (p.has("text") && last != null && last.has("text")
                        && last.path("thought").asBoolean() == p.path("thought").asBoolean()) {
                    ((ObjectNode) last).put("text", last.get("text").asText() + p.get("text").asText());
                } else {
                    parts.add(p.deepCopy());
                }
            }
            if (c.has("finishReason")) {
                finish = c.get("finishReason");
            }
        }
        if (finish == null && !out.has("promptFeedback")) {
            return Optional.empty();
        }
        if (finish != null) {
            ObjectNode candidate = out.putArray("candidates").addObject();
            ObjectNode content = candidate.putObject("content");
            content.put("role", "model");
            content.set("parts", parts);
            candidate.set("finishReason", finish);
        }
        return Optional.of(Json.bytes(out));
    }
}
