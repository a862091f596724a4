package dev.oauthrouter.server;

import java.lang.System.Logger.Level;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Gives every request an {@code x-request-id} and writes one log line per API request: id, token name,
 * model, status, latency and token counts. Never a secret, never prompt or completion text.
 */
final class RequestLogFilter implements Filter {
    static final HeaderName REQUEST_ID = HeaderNames.create("x-request-id");
    private static final System.Logger LOGGER = System.getLogger("dev.oauthrouter.requests");

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        RequestInfo info = RequestInfo.start();
        req.context().register(info);
        res.header(REQUEST_ID, info.id);
        // read before routing: once a service matched, req.path() is relative to the service's mount point
        String path = req.path().path();
        String method = req.prologue().method().text();
        try {
            chain.proceed();
        } finally {
            if (path.startsWith("/v1/") && LOGGER.isLoggable(Level.INFO)) {
                LOGGER.log(Level.INFO, line(info, method, path, res.status().code()));
            }
        }
    }

    private static String line(RequestInfo info, String method, String path, int status) {
        StringBuilder b = new StringBuilder(160)
                .append('[').append(info.id).append("] ").append(method).append(' ').append(path)
                .append(" token=").append(info.tokenName)
                .append(" model=").append(info.model)
                .append(" status=").append(status)
                .append(" latency_ms=").append(info.elapsedMillis());
        if (info.usage.known()) {
            b.append(" prompt_tokens=").append(Math.max(0, info.usage.promptTokens()))
                    .append(" completion_tokens=").append(Math.max(0, info.usage.completionTokens()));
        }
        if (!info.outcome.isEmpty()) {
            b.append(' ').append(info.outcome);
        }
        return b.toString();
    }
}
