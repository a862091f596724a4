package dev.oauthrouter.providers;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.RateLimits;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.translate.UpstreamRequest;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.WebClient;

/**
 * Sends translated requests upstream over one shared, keep-alive {@link WebClient}. Owns the
 * credential feedback loop: a 401 on a credential that can refresh gets one retry, a 429 sits the
 * credential out and tries the next one.
 */
public final class UpstreamClient {
    private static final System.Logger LOGGER = System.getLogger(UpstreamClient.class.getName());
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private final WebClient client;
    private final Duration firstByteTimeout;

    private UpstreamClient(WebClient client, Duration firstByteTimeout) {
        this.client = client;
        this.firstByteTimeout = firstByteTimeout;
    }

    /** Creates the client from the upstream settings. */
    public static UpstreamClient create(RouterConfig.Upstream settings) {
        WebClient client = WebClient.builder()
                .connectTimeout(settings.connectTimeout())
                .readTimeout(settings.firstByteTimeout())
                // credentials other than Authorization would follow a redirect to another host
                .followRedirects(false)
                .keepAlive(true)
                .connectionCacheSize(512)
                .socketOptions(s -> s.tcpNoDelay(true))
                .build();
        return new UpstreamClient(client, settings.firstByteTimeout());
    }

    /**
     * Sends a request and returns the upstream response once it answered 2xx. The caller closes it.
     *
     * @param provider the provider
     * @param request  the translated request
     * @param stream   whether an event stream is expected
     * @throws ApiException the provider's error mapped to our envelope, or 502 when it
     *                      cannot be reached
     */
    public HttpClientResponse send(Provider provider, UpstreamRequest request, boolean stream) {
        Credential credential = provider.credentials().acquire();
        boolean refreshed = false;
        boolean rotated = false;
        while (true) {
            HttpClientResponse response = submit(provider, request, credential, stream);
            int status = response.status().code();
            if (status >= 200 && status < 300) {
                return response;
            }
            String retryAfter = response.headers().first(HeaderNames.RETRY_AFTER).orElse("");
            byte[] body = readError(response);
            if (status == 401 && !refreshed && credential.unauthorized()) {
                refreshed = true;
                continue;
            }
            if (status == 429) {
                // Retry-After, or the provider's own reset headers (x-ratelimit-reset-*, retry-after-ms)
                credential.rateLimited(RateLimits.retryAfter(
                        name -> response.headers().first(HeaderNames.create(name)), Instant.now())
                        .orElse(DEFAULT_COOLDOWN));
                if (!rotated) {
                    rotated = true;
                    Credential next = tryAcquire(provider);
                    if (next != null && next != credential) {
                        credential = next;
                        continue;
                    }
                }
            }
            ApiException error = provider.translator().error(status, body, retryAfter);
            LOGGER.log(System.Logger.Level.WARNING, "upstream " + provider.name() + " answered " + status);
            throw error;
        }
    }

    private HttpClientResponse submit(Provider provider, UpstreamRequest request, Credential credential,
                                      boolean stream) {
        HttpClientRequest req = client.post(provider.baseUrl() + request.path())
                .readTimeout(firstByteTimeout)
                .header(HeaderValues.CONTENT_TYPE_JSON)
                .header(stream ? HeaderValues.ACCEPT_EVENT_STREAM : HeaderValues.ACCEPT_JSON);
        for (Map.Entry<String, String> h : provider.headers().entrySet()) {
            req.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            req.header(HeaderNames.create(h.getKey()), h.getValue());
        }
        req.header(HeaderNames.create(credential.headerName()), credential.headerValue());
        try {
            return req.submit(request.body());
        } catch (RuntimeException e) {
            throw unreachable(provider, e);
        }
    }

    private static Credential tryAcquire(Provider provider) {
        try {
            return provider.credentials().acquire();
        } catch (ApiException e) {
            return null;
        }
    }

    private static byte[] readError(HttpClientResponse response) {
        try (response) {
            return response.inputStream().readNBytes(64 * 1024);
        } catch (Exception e) {
            return new byte[0];
        }
    }

    /** Maps a failure to reach or read the provider, timeouts included, to 502. */
    public static ApiException unreachable(Provider provider, Throwable e) {
        if (isTimeout(e)) {
            return ApiException.upstream("upstream_timeout",
                    provider.name() + " did not answer in time. Retry the request, or raise "
                            + "upstream.first_byte_timeout in the router's config for slow models.");
        }
        LOGGER.log(System.Logger.Level.WARNING, "cannot reach " + provider.name() + ": "
                + e.getClass().getSimpleName());
        return ApiException.upstream("upstream_unreachable", "Could not reach " + provider.name() + " at "
                + hostOf(provider.baseUrl()) + " (" + reason(e) + "). Check the provider's base_url and the "
                + "network, then retry.");
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof java.net.ConnectException) {
            return "connection refused";
        }
        if (root instanceof java.net.UnknownHostException) {
            return "unknown host";
        }
        if (e instanceof UncheckedIOException || root instanceof java.io.IOException) {
            return "connection failed";
        }
        return "request failed";
    }

    private static String hostOf(String url) {
        try {
            java.net.URI u = java.net.URI.create(url);
            return u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
        } catch (IllegalArgumentException e) {
            return "its base URL";
        }
    }

}
