package dev.oauthrouter.providers;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;

import dev.oauthrouter.config.RouterConfig;
import dev.oauthrouter.credentials.Credential;
import dev.oauthrouter.credentials.RateLimits;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.translate.UpstreamRequest;

/**
 * Sends translated requests upstream over one shared keep-alive {@link HttpClient}. Owns the
 * credential feedback loop: a 401 on a credential that can refresh gets one retry, a 429 sits the
 * credential out and tries the next one.
 *
 * <p>The JDK client is used rather than Helidon's WebClient: in Helidon 4.5.0 every pooled WebClient
 * connection runs a monitor that reads with a 101 ms timeout, and the next request on that connection
 * waits for it (https://github.com/helidon-io/helidon/issues/11799,
 * https://github.com/helidon-io/helidon/issues/10861), which cost most of the router's throughput.
 */
public final class UpstreamClient {
    private static final System.Logger LOGGER = System.getLogger(UpstreamClient.class.getName());
    private static final Duration DEFAULT_COOLDOWN = Duration.ofSeconds(30);

    private final HttpClient client;
    private final Duration firstByteTimeout;
    private final IdleWatchdog watchdog;

    private UpstreamClient(HttpClient client, Duration firstByteTimeout) {
        this.client = client;
        this.firstByteTimeout = firstByteTimeout;
        this.watchdog = new IdleWatchdog(firstByteTimeout);
    }

    /** Creates the client from the upstream settings. */
    public static UpstreamClient create(RouterConfig.Upstream settings) {
        HttpClient client = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // credentials would follow a redirect to another host
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        return new UpstreamClient(client, settings.firstByteTimeout());
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
            HttpResponse<InputStream> response = submit(provider, request, credential, stream);
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                IdleWatchdog.Watched body = watchdog.watch(response.body());
                return new UpstreamResponse(status, response.headers(), body, () -> { });
            }
            String retryAfter = response.headers().firstValue("retry-after").orElse("");
            byte[] body = readError(response.body());
            if (status == 401 && !refreshed && credential.unauthorized()) {
                refreshed = true;
                continue;
            }
            if (status == 429) {
                // Retry-After, or the provider's own reset headers (x-ratelimit-reset-*, retry-after-ms)
                credential.rateLimited(RateLimits.retryAfter(response.headers()::firstValue, Instant.now())
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
     * @param timeout overall time allowed
     */
    public Optional<byte[]> get(String url, Credential credential, Duration timeout) {
        try {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(timeout)
                    .header(credential.headerName(), credential.headerValue())
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Optional.of(r.body()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private HttpResponse<InputStream> submit(Provider provider, UpstreamRequest request, Credential credential,
                                             boolean stream) {
        HttpRequest.Builder req;
        try {
            req = HttpRequest.newBuilder(URI.create(provider.baseUrl() + request.path()));
        } catch (IllegalArgumentException e) {
            throw ApiException.invalid("model", "The model id cannot be used in " + provider.name()
                    + "'s URL: " + e.getMessage());
        }
        req.timeout(firstByteTimeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json");
        for (Map.Entry<String, String> h : provider.headers().entrySet()) {
            req.header(h.getKey(), h.getValue());
        }
        for (Map.Entry<String, String> h : request.headers().entrySet()) {
            req.header(h.getKey(), h.getValue());
        }
        req.header(credential.headerName(), credential.headerValue());
        try {
            return client.send(req.POST(HttpRequest.BodyPublishers.ofByteArray(request.body())).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException | RuntimeException e) {
            throw unreachable(provider, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    private static byte[] readError(InputStream body) {
        try (body) {
            return body.readNBytes(64 * 1024);
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
