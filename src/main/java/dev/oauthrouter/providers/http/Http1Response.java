package dev.oauthrouter.providers.http;

import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * An HTTP/1.1 response whose body is still on the wire. Read {@link #body()} to its end to give the
 * connection back to the pool; {@link #close()} before that closes the connection, which tells the
 * server to stop. Closing after the end does nothing, so try-with-resources is always right.
 */
public final class Http1Response implements AutoCloseable {
    private final int status;
    private final Map<String, List<String>> headers;
    private final ResponseBody body;

    Http1Response(int status, Map<String, List<String>> headers, ResponseBody body) {
        this.status = status;
        this.headers = headers;
        this.body = body;
    }

    /** Returns the status code of the final (non-1xx) response. */
    public int status() {
        return status;
    }

    /**
     * Returns the first value of a header.
     *
     * @param name header name, any case
     */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null ? Optional.empty() : Optional.of(values.getFirst());
    }

    /**
     * Returns every value of a header, in the order received (one entry per header line).
     *
     * @param name header name, any case
     */
    public List<String> headers(String name) {
        return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    /** Returns the body, read from the socket as it is consumed. */
    public InputStream body() {
        return body;
    }

    /** Closes the connection unless the body was read to its end; never throws. */
    @Override
    public void close() {
        body.close();
    }
}
