package dev.oauthrouter.testing;

import java.util.ArrayList;
import java.util.List;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks a stream the router sent against OpenAI's exact framing, which some clients parse naively:
 * every event is {@code data: } (with the space), one JSON line, and a blank line; no comments, no
 * {@code event:} lines, no CR; {@code data: [DONE]} last.
 */
public final class OpenAiFraming {
    private OpenAiFraming() {
    }

    /**
     * Returns the chunks of a complete stream that ends with {@code data: [DONE]}.
     *
     * @throws AssertionError naming the first event that is framed otherwise
     */
    public static List<JsonNode> chunks(String body) {
        if (!body.endsWith("data: [DONE]\n\n")) {
            throw new AssertionError("stream does not end with 'data: [DONE]\\n\\n': ..."
                    + body.substring(Math.max(0, body.length() - 300)));
        }
        return parse(body.substring(0, body.length() - "data: [DONE]\n\n".length()));
    }

    /**
     * Returns the events of a stream that ends after an error event: the chunks, then the error
     * envelope last.
     */
    public static List<JsonNode> eventsEndingWithError(String body) {
        List<JsonNode> events = parse(body);
        if (events.isEmpty() || !events.getLast().has("error")) {
            throw new AssertionError("stream does not end with an error event: " + body);
        }
        return events;
    }

    private static List<JsonNode> parse(String body) {
        if (body.indexOf('\r') >= 0) {
            throw new AssertionError("stream contains CR");
        }
        List<JsonNode> out = new ArrayList<>();
        int pos = 0;
        while (pos < body.length()) {
            int end = body.indexOf("\n\n", pos);
            if (end < 0) {
                throw new AssertionError("event without blank line at offset " + pos + ": "
                        + body.substring(pos));
            }
            String event = body.substring(pos, end);
            if (!event.startsWith("data: ") || event.indexOf('\n') >= 0 || event.startsWith("data:  ")) {
                throw new AssertionError("event not framed as 'data: {json}': " + event);
            }
            String json = event.substring("data: ".length());
            if (json.equals("[DONE]")) {
                throw new AssertionError("[DONE] before the end of the stream");
            }
            JsonNode node = Json.parse(json);
            if (!node.isObject()) {
                throw new AssertionError("event data is not a JSON object: " + json);
            }
            out.add(node);
            pos = end + 2;
        }
        return out;
    }

    /** Returns the text of {@code choices[0].delta.content} across chunks. */
    public static String text(List<JsonNode> chunks) {
        StringBuilder b = new StringBuilder();
        for (JsonNode c : chunks) {
            JsonNode content = c.path("choices").path(0).path("delta").path("content");
            if (content.isTextual()) {
                b.append(content.asText());
            }
        }
        return b.toString();
    }

    /** Returns every non-null finish reason, in order. */
    public static List<String> finishReasons(List<JsonNode> chunks) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : chunks) {
            for (JsonNode choice : c.path("choices")) {
                if (choice.path("finish_reason").isTextual()) {
                    out.add(choice.path("finish_reason").asText());
                }
            }
        }
        return out;
    }
}
