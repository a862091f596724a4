package dev.oauthrouter.providers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.RateLimits;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.providers.http.Http1Client;
import dev.oauthrouter.providers.http.Http1Response;
import dev.oauthrouter.translate.UpstreamRequest;

/**
 * Sends translated requests upstream over one shared keep-alive {@link Http1Client}. Owns the
 * credential feedback loop: a 401 on a credential that can refresh gets one retry, a 429 sits the
 * credential out and tries the next one.
 *
 * <p>The first-byte timeout is the socket read timeout: it bounds the wait for the answer and every
 * later silence of a stream, and a stream that keeps sending has no overall limit.
 *
 * <p>Our own small client is used rather than Helidon's WebClient or the JDK's HttpClient: in
 * Helidon 4.5.0 every pooled WebClient connection runs a monitor that reads with a 101 ms timeout, and
 * the next request on that connection waits for it (https://github.com/helidon-io/helidon/issues/11799,
 * https://github.com/helidon-io/helidon/issues/10861); the JDK client hands every request between
 * its selector thread and the caller, which costs several hundred microseconds per call on loopback.
 */
public final class UpstreamClient {
    private static final System.Logger LOGGER = System.getLogger(UpstreamClient.class.getName());
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private final Http1Client client;
    private final Duration firstByteTimeout;

    private UpstreamClient(Http1Client client, Duration firstByteTimeout) {
        this.client = client;
        this.firstByteTimeout = firstByteTimeout;
    }

    /** Creates the client from the upstream settings. */
    public static UpstreamClient create(RouterConfig.Upstream settings) {
        return new UpstreamClient(Http1Client.create(settings.connectTimeout()), settings.firstByteTimeout());
    }

    /**
     * Sends a request and returns the upstream response once it answered 2xx. The caller closes it.
     *
     * @param provider the provider
     * @param request  the translated request
     * @param stream   whether an event stream is expected
     * @throws ApiException the provider's error mapped to our envelope, or 502 when it cannot be reached
     */
    public UpstreamResponse send(Provider provider, UpstreamRequest request, boolean stream) {
        Credential credential = provider.credentials().acquire();
        boolean refreshed = false;
        boolean rotated = false;
        while (true) {
            Http1Response response = submit(provider, request, credential, stream);
            int status = response.status();
            if (status >= 200 && status < 300) {
                return new UpstreamResponse(response);
            }
            String retryAfter = response.header("retry-after").orElse("");
            byte[] body = readError(response);
            if (status == 401 && !refreshed && credential.unauthorized()) {
                refreshed = true;
                continue;
            }
            if (status == 429) {
                // Retry-After, or the provider's own reset headers (x-ratelimit-reset-*, retry-after-ms)
                credential.rateLimited(RateLimits.retryAfter(response::header, Instant.now())
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

    /**
     * Sends a GET (model listings) and returns the body of a 200 answer, or empty.
     *
     * @param url     absolute URL
     * @param timeout longest silence while waiting for or reading the answer
     */
    public Optional<byte[]> get(String url, Credential credential, Duration timeout) {
        List<String[]> headers = List.<String[]>of(new String[] {"Accept", "application/json"},
                new String[] {credential.headerName(), credential.headerValue()});
        try (Http1Response r = client.get(URI.create(url), headers, timeout)) {
            return r.status() == 200 ? Optional.of(r.body().readAllBytes()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Http1Response submit(Provider provider, UpstreamRequest request, Credential credential,
                                 boolean stream) {
        URI uri;
        try {
            uri = URI.create(provider.baseUrl() + request.path());
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("model", "The model id cannot be used in " + provider.name()
                    + "'s URL: " + e.getMessage());
        }
        List<String[]> headers = new ArrayList<>(4 + provider.headers().size() + request.headers().size());
        headers.add(new String[] {"Content-Type", "application/json"});
        headers.add(new String[] {"Accept", stream ? "text/event-stream" : "application/json"});
        for (Map.Entry<String, String> h : provider.headers().entrySet()) {
            headers.add(new String[] {h.getKey(), h.getValue()});
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            headers.add(new String[] {h.getKey(), h.getValue()});
        }
        headers.add(new String[] {credential.headerName(), credential.headerValue()});
        try {
            return client.post(uri, headers, request.body(), firstByteTimeout);
        } catch (IOException | RuntimeException e) {
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

    private static byte[] readError(Http1Response response) {
        try (response) {
            return response.body().readNBytes(64 * 1024);
        } catch (IOException e) {
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
