package dev.oauthrouter.translate;

import java.nio.charset.StandardCharsets;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.openai.ChatRequest;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Small helpers for unit tests written as literal wire text. */
public final class Wire {
    private Wire() {
    }

    /** Returns a request for a provider model from OpenAI request JSON (single quotes allowed). */
    public static ChatRequest request(String provider, String model, String json) {
        ObjectNode body = (ObjectNode) Json.parse(json.replace('\'', '"'));
        boolean stream = body.path("stream").asBoolean(false);
        return new ChatRequest(body, provider, model, stream,
                body.path("stream_options").path("include_usage").asBoolean(false));
    }

    /** Replays literal SSE text (read in random pieces) through a fresh stream translator. */
    public static Replay.Result stream(ChatTranslator translator, ChatRequest request, String sse) {
        return Replay.run(sse.getBytes(StandardCharsets.UTF_8), translator.stream(request), 3);
    }

    /** Returns the upstream body a translator builds for a request. */
    public static ObjectNode body(ChatTranslator translator, ChatRequest request) {
        return (ObjectNode) Json.parse(translator.request(request).body());
    }
}
