package dev.oauthrouter.server;

import dev.oauthrouter.error.ApiException;

import io.helidon.common.Weighted;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * Answers unknown URLs with the error envelope. Registered with the lowest weight, so it comes after
 * every other route, health and metrics included.
 */
final class NotFoundFeature implements HttpFeature, Weighted {
    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.any((req, res) -> ErrorResponses.send(res, new ApiException(404, "invalid_request_error",
                "unknown_url", null, "Unknown request URL: " + req.prologue().method().text() + " "
                        + req.path().path() + ". The API is POST /v1/chat/completions and GET /v1/models.")));
    }

    @Override
    public double weight() {
        return 1;
    }
}
