package dev.oauthrouter.providers;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpHeaders;
import java.util.Optional;

/**
 * A provider's answer with status 2xx: its headers and its body as a blocking stream. Closing it
 * before the body is read to the end drops the connection, which stops the provider's work.
 */
public final class UpstreamResponse implements AutoCloseable {
    private final int status;
    private final HttpHeaders headers;
    private final InputStream body;
    private final Runnable onClose;

    UpstreamResponse(int status, HttpHeaders headers, InputStream body, Runnable onClose) {
        this.status = status;
        this.headers = headers;
        this.body = body;
        this.onClose = onClose;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the first value of a header. */
    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    /** Returns the body stream; reads fail once the provider has been silent for the idle timeout. */
    public InputStream body() {
        return body;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException e) {
            // the connection is gone either way
        } finally {
            onClose.run();
        }
    }
}
