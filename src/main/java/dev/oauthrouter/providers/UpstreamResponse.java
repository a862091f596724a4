package dev.oauthrouter.providers;

import java.io.InputStream;
import java.util.Optional;

import dev.oauthrouter.providers.http.Http1Response;

/**
 * A provider's answer with status 2xx: its headers and its body as a blocking stream. Closing it
 * before the body is read to the end drops the connection, which stops the provider's work; a read
 * that waits longer than the first-byte timeout fails with {@link java.net.SocketTimeoutException}.
 */
public final class UpstreamResponse implements AutoCloseable {
    private final Http1Response response;

    UpstreamResponse(Http1Response response) {
        this.response = response;
    }

    /** Returns the HTTP status. */
    public int status() {
        return response.status();
    }

    /** Returns the first value of a header. */
    public Optional<String> header(String name) {
        return response.header(name);
    }

    /** Returns the body stream, read from the connection as it is consumed. */
    public InputStream body() {
        return response.body();
    }

    /** Closes the connection unless the body was read to its end; never throws. */
    @Override
    public void close() {
        response.close();
    }
}
