package dev.oauthrouter.translate;

import java.util.Map;

/**
 * The HTTP request a translator wants sent upstream. Auth headers are added by the provider adapter.
 *
 * @param path    path and query relative to the provider's base URL, starting with {@code /}
 * @param body    JSON body bytes
 * @param headers extra headers (e.g. {@code anthropic-version}); never credentials
 */
public record UpstreamRequest(String path, byte[] body, Map<String, String> headers) {
    /** Copies the header map. */
    public UpstreamRequest {
        headers = Map.copyOf(headers);
    }
}
