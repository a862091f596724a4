package dev.oauthrouter.translate;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A provider failure detected inside a stream (an error event, or a stream that ended early). The
 * server turns it into an SSE error event when the stream has begun, else into an error response.
 */
public class UpstreamStreamException extends ApiException {
    /**
     * Creates the exception.
     *
     * @param status  the status to use if nothing was streamed yet
     * @param type    OpenAI error type
     * @param code    machine code
     * @param message message for the client (no secrets)
     */
    public UpstreamStreamException(int status, String type, String code, String message) {
        super(status, type, code, null, message);
    }

    /**
     * Parses the JSON data of a stream event.
     *
     * @throws UpstreamStreamException when the provider sent data that is not JSON
     */
    public static JsonNode parseEvent(String data, String provider) {
        try {
            return Json.parse(data);
        } catch (Json.JsonParseFailure e) {
            throw new UpstreamStreamException(502, "api_error", "upstream_bad_response",
                    "The " + provider + " stream sent an event that is not JSON. Retry the request.");
        }
    }

    /** Returns the error for a stream that ended without its terminal event. */
    public static UpstreamStreamException truncated(String provider) {
        return new UpstreamStreamException(502, "api_error", "upstream_stream_truncated",
                "The " + provider
                        + " stream ended before the provider finished its answer. Retry the request.");
    }
}
