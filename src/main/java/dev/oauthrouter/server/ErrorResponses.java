package dev.oauthrouter.server;

import java.util.Map;

import dev.oauthrouter.error.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

/**
 * Sends {@link ApiException}s as the OpenAI error envelope. The only place that renders an error
 * response.
 */
final class ErrorResponses {
    private ErrorResponses() {
    }

    static void send(ServerResponse res, ApiException e) {
        res.status(Status.create(e.status()));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        for (Map.Entry<String, String> h : e.headers().entrySet()) {
            res.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        res.send(e.body());
    }
}
