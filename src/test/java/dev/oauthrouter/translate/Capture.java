package dev.oauthrouter.translate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One captured provider file and the HTTP exchanges it holds, read from the forms described in the
 * fixtures README: {@code *.chunks.txt} (one SSE data payload per line), {@code *.json} (a body),
 * Firebase {@code *.txt} (a raw SSE body or a JSON error body) and VCR cassettes ({@code *.yaml}).
 *
 * @param name         path below the provider folder, e.g. {@code vercel-ai/anthropic-text.json}
 * @param exchanges    the exchanges, in recorded order
 */
public record Capture(String name, List<Exchange> exchanges) {
    /**
     * One upstream answer.
     *
     * @param status      HTTP status (200 when the file does not say)
     * @param body        raw body bytes, SSE framing included for streams
     * @param stream      whether the body is an SSE stream
     * @param request     the recorded request body, or an empty object
     */
    public record Exchange(int status, byte[] body, boolean stream, JsonNode request) {
    }

    /**
     * Reads a capture.
     *
     * @param root      the provider folder
     * @param file      the file
     * @param crlf      frame chunk lines with CRLF and no event names (Gemini) instead of LF with
     *                  {@code event: <type>} lines (Anthropic, Cohere)
     */
    public static Capture read(Path root, Path file, boolean crlf) {
        String name = root.relativize(file).toString().replace('\\', '/');
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Exchange> list = new ArrayList<>();
        if (name.endsWith(".chunks.txt")) {
            list.add(new Exchange(200, frame(text, crlf), true, Json.object()));
        } else if (name.endsWith(".yaml")) {
            cassette(text, list);
        } else {
            String t = text.stripLeading();
            boolean sse = t.startsWith("data:") || t.startsWith("event:");
            int status = 200;
            if (!sse) {
                JsonNode n = Json.parse(t);
                status = n.path("error").path("code").asInt(200);
            }
            list.add(new Exchange(status, text.getBytes(StandardCharsets.UTF_8), sse, Json.object()));
        }
        return new Capture(name, list);
    }

    /** Frames {@code *.chunks.txt} lines as the provider sends them. */
    static byte[] frame(String chunks, boolean crlf) {
        StringBuilder sb = new StringBuilder();
        for (String line : chunks.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (crlf) {
                sb.append("data: ").append(line).append("\r\n\r\n");
            } else {
                String type = Json.parse(line).path("type").asText();
                sb.append("event: ").append(type).append('\n').append("data: ").append(line).append("\n\n");
            }
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    private static void cassette(String text, List<Exchange> list) {
        Map<String, Object> doc = new Yaml(new LoaderOptions()).load(text);
        for (Object o : (List<Object>) doc.get("interactions")) {
            Map<String, Object> interaction = (Map<String, Object>) o;
            Map<String, Object> request = (Map<String, Object>) interaction.get("request");
            Map<String, Object> response = (Map<String, Object>) interaction.get("response");
            int status = ((Number) ((Map<String, Object>) response.get("status")).get("code")).intValue();
            JsonNode requestBody = Json.object();
            if (request.get("parsed_body") != null) {
                requestBody = Json.MAPPER.valueToTree(request.get("parsed_body"));
            } else if (request.get("body") instanceof String s && s.startsWith("{")) {
                requestBody = Json.parse(s);
            }
            byte[] body;
            if (response.get("parsed_body") != null) {
                body = Json.bytes(Json.MAPPER.valueToTree(response.get("parsed_body")));
            } else {
                Object b = ((Map<String, Object>) response.get("body")).get("string");
                body = b instanceof byte[] raw ? raw : String.valueOf(b).getBytes(StandardCharsets.UTF_8);
            }
            Map<String, Object> headers = (Map<String, Object>) response.getOrDefault("headers", Map.of());
            boolean sse = String.valueOf(headers.get("content-type")).contains("event-stream");
            list.add(new Exchange(status, body, sse, requestBody));
        }
    }
}
