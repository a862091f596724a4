package dev.oauthrouter.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Loads recorded provider traffic from {@code src/test/resources/fixtures/} (copied from the shared
 * fixture set; see its README for origins and licences) in each recording format it uses.
 */
public final class Captures {
    private Captures() {
    }

    /**
     * Loads a {@code *.chunks.txt} file: one JSON chunk per line, framed as the provider sends it
     * ({@code data: {json}} events, then {@code data: [DONE]}).
     */
    public static Capture chunks(String resource) {
        return Capture.sse(text(resource).lines().toList());
    }

    /** Loads a {@code *.json} body recorded with status 200. */
    public static Capture json(String resource) {
        return json(resource, 200);
    }

    /** Loads a {@code *.json} body recorded with a given status. */
    public static Capture json(String resource, int status) {
        return Capture.json(status, text(resource));
    }

    /**
     * Loads interaction {@code index} of a VCR cassette: the response status and headers, and the
     * body as recorded ({@code body.string}, raw SSE or JSON) or re-serialized from {@code parsed_body}.
     */
    @SuppressWarnings("unchecked")
    public static Capture cassette(String resource, int index) {
        Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(text(resource));
        Map<String, Object> interaction = ((List<Map<String, Object>>) root.get("interactions")).get(index);
        Map<String, Object> response = (Map<String, Object>) interaction.get("response");
        Map<String, Object> request = (Map<String, Object>) interaction.get("request");
        int status = ((Number) ((Map<String, Object>) response.get("status")).get("code")).intValue();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        Map<String, Object> rawHeaders = (Map<String, Object>) response.getOrDefault("headers", Map.of());
        rawHeaders.forEach((k, v) -> headers.put(k, v instanceof List<?> l
                ? l.stream().map(String::valueOf).toList() : List.of(String.valueOf(v))));
        byte[] body;
        if (response.get("parsed_body") != null) {
            body = Json.bytes(response.get("parsed_body"));
        } else {
            Object b = response.get("body");
            String s = b instanceof Map<?, ?> m ? String.valueOf(m.get("string")) : String.valueOf(b);
            body = s.getBytes(StandardCharsets.UTF_8);
        }
        return new Capture(status, headers, body, cassetteRequest(request));
    }

    /**
     * Loads entry {@code index} of a HAR recording. {@code content.text} is the raw body, or with
     * {@code encoding: base64} a JSON array of base64 pieces of a gzip body, which is decoded (the
     * replay serves it unencoded and drops {@code content-encoding}).
     */
    public static Capture har(String resource, int index) {
        JsonNode entry = Json.parse(text(resource)).path("log").path("entries").get(index);
        JsonNode response = entry.path("response");
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (JsonNode h : response.path("headers")) {
            headers.computeIfAbsent(h.path("name").asText(), k -> new ArrayList<>())
                    .add(h.path("value").asText());
        }
        JsonNode content = response.path("content");
        byte[] body;
        if ("base64".equals(content.path("encoding").asText())) {
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            for (JsonNode piece : Json.parse(content.path("text").asText())) {
                raw.writeBytes(Base64.getDecoder().decode(piece.asText()));
            }
            body = gunzip(raw.toByteArray());
        } else {
            body = content.path("text").asText().getBytes(StandardCharsets.UTF_8);
        }
        Optional<ObjectNode> request = Optional.empty();
        String post = entry.path("request").path("postData").path("text").asText("");
        if (post.startsWith("{")) {
            request = Optional.of((ObjectNode) Json.parse(post));
        }
        return new Capture(response.path("status").asInt(), headers, body, request);
    }

    /** Returns a fixture file as text. */
    public static String text(String resource) {
        String path = "/fixtures/" + resource;
        try (InputStream in = Captures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Optional<ObjectNode> cassetteRequest(Map<String, Object> request) {
        Object parsed = request.get("parsed_body");
        if (parsed instanceof Map) {
            return Optional.of((ObjectNode) Json.MAPPER.valueToTree(parsed));
        }
        Object body = request.get("body");
        if (body instanceof Map<?, ?> m) {
            body = m.get("string");
        }
        if (body instanceof String s && s.startsWith("{")) {
            return Optional.of((ObjectNode) Json.parse(s));
        }
        return Optional.empty();
    }

    private static byte[] gunzip(byte[] gz) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
