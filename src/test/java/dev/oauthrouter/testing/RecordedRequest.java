package dev.oauthrouter.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A request the replay server received.
 *
 * @param method  HTTP method
 * @param path    path with query
 * @param headers headers, names lower-cased
 * @param body    body bytes
 */
public record RecordedRequest(String method, String path, Map<String, List<String>> headers, byte[] body) {
    /** Copies the headers. */
    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /** Returns the first value of a header. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Returns the body parsed as JSON. */
    public JsonNode json() {
        return Json.parse(body);
    }

    /** Returns true when the body is a JSON object asking for a stream. */
    public boolean streaming() {
        return body.length > 0 && body[0] == '{' && json().path("stream").asBoolean(false);
    }

    /** Returns the body as text. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
