package dev.oauthrouter.admin;

import java.util.function.Consumer;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerResponse;

import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Sends the JSON answers of the admin and dashboard APIs: bodies that are never cached, and
 * {@link ApiException}s as the error envelope with their status and headers.
 */
public final class JsonResponses {
    private JsonResponses() {
    }

    /** Sends a JSON body with {@code Cache-Control: no-store}. */
    public static void send(ServerResponse res, Status status, ObjectNode body) {
        res.status(status);
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
        res.send(Json.bytes(body));
    }

    /** Returns a handler that answers an {@link ApiException} of the given one with its envelope. */
    public static Handler guarded(Handler handler) {
        return guarded(handler, res -> {
        });
    }

    /**
     * Returns a handler that answers an {@link ApiException} of the given one with its envelope,
     * after adding the headers {@code headers} sets.
     */
    public static Handler guarded(Handler handler, Consumer<ServerResponse> headers) {
        return (req, res) -> {
            try {
                handler.handle(req, res);
            } catch (ApiException e) {
                headers.accept(res);
                res.status(Status.create(e.status()));
                res.header(HeaderValues.CONTENT_TYPE_JSON);
                e.headers().forEach((k, v) -> res.header(HeaderNames.create(k), v));
                res.send(e.body());
            }
        };
    }
}
