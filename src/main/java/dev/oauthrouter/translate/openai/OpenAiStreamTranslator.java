package dev.oauthrouter.translate.openai;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.Usage;
import dev.oauthrouter.stream.SseEvent;
import dev.oauthrouter.translate.ChunkSink;
import dev.oauthrouter.translate.StreamTranslator;
import dev.oauthrouter.translate.UpstreamStreamException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams OpenAI-compatible chunks through. A chunk that needs no rewriting is forwarded as the
 * upstream sent it, without parsing; only chunks carrying usage, errors, reasoning, tool calls or a
 * finish reason are parsed and normalized.
 */
final class OpenAiStreamTranslator implements StreamTranslator {
    private final OpenAiCompatibleTranslator parent;
    private final boolean clientWantsUsage;
    private Usage usage = Usage.UNKNOWN;
    private boolean done;
    private boolean usageChunkSent;
    private String lastId = "";
    private String lastModel = "";
    private long lastCreated;

    OpenAiStreamTranslator(OpenAiCompatibleTranslator parent, boolean clientWantsUsage) {
        this.parent = parent;
        this.clientWantsUsage = clientWantsUsage;
    }

    @Override
    public void onEvent(SseEvent event, ChunkSink out) {
        String data = event.data();
        if ("error".equals(event.event())) {
            // Groq names its mid-stream error events
            throw parent.inBodyError(parseOrText(data).path("error"));
        }
        if (done) {
            return;
        }
        if (event.isDone()) {
            done = true;
            return;
        }
        if (data.isEmpty()) {
            return;
        }
        if (!needsRewrite(data)) {
            out.chunk(OpenAiCompatibleTranslator.utf8(data));
            return;
        }
        JsonNode parsed = parseOrText(data);
        if (!(parsed instanceof ObjectNode chunk)) {
            throw new UpstreamStreamException(502, "api_error", "upstream_bad_response",
                    parent.displayName() + " sent a stream event that is not a JSON object.");
        }
        if (chunk.has("error") && !chunk.path("error").isNull()) {
            throw parent.inBodyError(chunk.get("error"));
        }
        remember(chunk);
        Usage u = parent.normalizeUsage(chunk);
        if (u.known()) {
            usage = u;
        }
        ArrayNode choices = chunk.get("choices") instanceof ArrayNode a ? a : null;
        boolean usageOnly = (choices == null || choices.isEmpty()) && u.known();
        if (usageOnly) {
            if (clientWantsUsage) {
                chunk.set("choices", Json.array());
                out.chunk(chunk);
                usageChunkSent = true;
            }
            return;
        }
        if (choices != null) {
            for (JsonNode c : choices) {
                if (c instanceof ObjectNode choice) {
                    OpenAiCompatibleTranslator.normalizeFinish(choice);
                    if (choice.get("delta") instanceof ObjectNode delta) {
                        OpenAiCompatibleTranslator.normalizeReasoning(delta);
                        indexToolCalls(delta);
                    }
                }
            }
        }
        if (u.known() && !clientWantsUsage) {
            // usage on a content chunk (Mistral, DeepSeek, Together) is shown only to clients that asked
            chunk.remove("usage");
        }
        if (u.known() && clientWantsUsage && choices != null && !choices.isEmpty()) {
            // OpenAI clients expect usage on its own chunk with empty choices; it is sent at the end
            chunk.remove("usage");
        }
        out.chunk(chunk);
    }

    @Override
    public void onEnd(ChunkSink out) {
        if (!done) {
            throw UpstreamStreamException.truncated(parent.displayName());
        }
        if (clientWantsUsage && !usageChunkSent && usage.known()) {
            ObjectNode chunk = Json.object();
            chunk.put("id", lastId);
            chunk.put("object", "chat.completion.chunk");
            chunk.put("created", lastCreated);
            chunk.put("model", lastModel);
            chunk.set("choices", Json.array());
            chunk.set("usage", usage.toJson());
            out.chunk(chunk);
            usageChunkSent = true;
        }
    }

    @Override
    public Usage usage() {
        return usage;
    }

    private void remember(ObjectNode chunk) {
        if (chunk.hasNonNull("id")) {
            lastId = chunk.get("id").asText();
        }
        if (chunk.hasNonNull("model")) {
            lastModel = chunk.get("model").asText();
        }
        if (chunk.hasNonNull("created")) {
            lastCreated = chunk.get("created").asLong();
        }
    }

    /** Mistral sends whole tool calls without {@code index}; OpenAI clients need it. */
    private static void indexToolCalls(ObjectNode delta) {
        if (delta.get("tool_calls") instanceof ArrayNode calls) {
            for (int i = 0; i < calls.size(); i++) {
                if (calls.get(i) instanceof ObjectNode call && !call.has("index")) {
                    call.put("index", i);
                }
            }
        }
    }

    private static boolean needsRewrite(String data) {
        // data sent over several data: lines arrives joined with a line feed; re-serialized it is one line
        return data.indexOf('\n') >= 0
                || data.contains("\"usage\":{") || data.contains("\"usage\": {")
                || data.contains("\"x_groq\"") && data.contains("\"usage\"")
                || data.contains("\"error\"")
                || data.contains("\"finish_reason\":\"") || data.contains("\"finish_reason\": \"")
                || data.contains("\"reasoning\"")
                || data.contains("\"tool_calls\"")
                || data.contains("\"content\":[") || data.contains("\"content\": [")
                || !data.contains("\"choices\"");
    }

    private static JsonNode parseOrText(String data) {
        try {
            return Json.parse(data);
        } catch (Json.JsonParseFailure e) {
            return Json.NODES.textNode(data);
        }
    }
}
