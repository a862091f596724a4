package dev.oauthrouter.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One recorded provider answer (status, headers, body bytes as sent) and, when the recording has it,
 * the request that produced it.
 *
 * @param status  HTTP status
 * @param headers response headers as recorded (names as recorded)
 * @param body    response body bytes (SSE text with its own framing, or JSON)
 * @param request the recorded request body, when known
 */
public record Capture(int status,
                      Map<String, List<String>> headers,
                      byte[] body,
                      Optional<ObjectNode> request) {
    /** Copies the headers. */
    public Capture {
        headers = Map.copyOf(headers);
    }

    /** Returns a 200 event stream of {@code data: {json}} events ending with {@code data: [DONE]}. */
    public static Capture sse(List<String> jsonLines) {
        StringBuilder b = new StringBuilder();
        for (String line : jsonLines) {
            if (!line.isBlank()) {
                b.append("data: ").append(line.strip()).append("\n\n");
            }
        }
        b.append("data: [DONE]\n\n");
        return new Capture(200, Map.of("content-type", List.of("text/event-stream; charset=utf-8")),
                b.toString().getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** Returns a JSON answer with a status. */
    public static Capture json(int status, String json) {
        return new Capture(status, Map.of("content-type", List.of("application/json")),
                json.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** Returns the first value of a header, matched case-insensitively. */
    public Optional<String> header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return Optional.of(e.getValue().getFirst());
            }
        }
        return Optional.empty();
    }

    /** Returns true when the body is an event stream. */
    public boolean isEventStream() {
        return header("content-type").map(v -> v.toLowerCase(Locale.ROOT).startsWith("text/event-stream"))
                .orElse(new String(body, StandardCharsets.UTF_8).startsWith("data:"));
    }

    /** Returns the body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns a copy with another body. */
    public Capture withBody(String text) {
        return new Capture(status, headers, text.getBytes(StandardCharsets.UTF_8), request);
    }

    /** Returns a copy with one header set (replacing any of the same name). */
    public Capture withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase(name)) {
                copy.put(k, v);
            }
        });
        copy.put(name, List.of(value));
        return new Capture(status, copy, body, request);
    }

    /** Returns a copy whose lines end with CRLF, as some servers frame SSE. */
    public Capture withCrlf() {
        return withBody(text().replace("\r\n", "\n").replace("\n", "\r\n"));
    }

    /**
     * Returns the {@code data} of each event in the stream, read with a small independent parser
     * (blank line ends an event, one leading space stripped, comments skipped), with the event name.
     */
    public List<Event> events() {
        List<Event> out = new ArrayList<>();
        String name = "message";
        StringBuilder data = null;
        for (String line : text().replace("\r\n", "\n").split("\n", -1)) {
            if (line.isEmpty()) {
                if (data != null) {
                    out.add(new Event(name, data.toString()));
                }
                name = "message";
                data = null;
            } else if (line.startsWith(":")) {
                continue;
            } else if (line.startsWith("event:")) {
                name = line.substring(6).strip();
            } else if (line.startsWith("data:")) {
                String v = line.substring(5);
                v = v.startsWith(" ") ? v.substring(1) : v;
                data = data == null ? new StringBuilder(v) : data.append('\n').append(v);
            }
        }
        return out;
    }

    /** Returns the JSON chunks of the stream: data events that are JSON objects, in order. */
    public List<JsonNode> chunks() {
        List<JsonNode> out = new ArrayList<>();
        for (Event e : events()) {
            if (e.name().equals("message") && e.data().startsWith("{")) {
                out.add(Json.parse(e.data()));
            }
        }
        return out;
    }

    /** Returns the assistant text of the answer: streamed content deltas, or the message content. */
    public String answerText() {
        if (isEventStream()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode c : chunks()) {
                JsonNode content = c.path("choices").path(0).path("delta").path("content");
                if (content.isTextual()) {
                    b.append(content.asText());
                }
            }
            return b.toString();
        }
        return Json.parse(body).path("choices").path(0).path("message").path("content").asText();
    }

    /** Returns the finish reason of the answer as the provider sent it. */
    public String finishReason() {
        if (isEventStream()) {
            String reason = "";
            for (JsonNode c : chunks()) {
                JsonNode fr = c.path("choices").path(0).path("finish_reason");
                if (fr.isTextual()) {
                    reason = fr.asText();
                }
            }
            return reason;
        }
        return Json.parse(body).path("choices").path(0).path("finish_reason").asText();
    }

    /**
     * One server-sent event.
     *
     * @param name the event name, {@code message} by default
     * @param data the data lines joined with LF
     */
    public record Event(String name, String data) {
    }
}
