package dev.oauthrouter.providers.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A blocking HTTP/1.1 client with a keep-alive pool per {@code scheme://host:port}, meant to be
 * called from virtual threads. It is thread-safe and holds no lock while doing IO.
 *
 * <p>The read timeout given per request is the socket's {@code SO_TIMEOUT}: it bounds the wait for
 * the response to start and every silence inside the body, and surfaces as
 * {@link SocketTimeoutException}. A stream that keeps sending is never cut off.
 *
 * <p>A request sent on a pooled connection that fails before any response byte arrives (the write
 * fails, or the server closes or resets the connection) is sent once more on a new connection: the
 * server dropped an idle keep-alive connection and never saw the request. Nothing is retried once
 * response bytes arrived, on timeouts, or on a new connection.
 *
 * <p>HTTPS uses the given socket factory with SNI and host name verification. Redirects are not
 * followed and no content coding is requested.
 */
public final class Http1Client implements AutoCloseable {
    /** Idle connections kept per host. */
    public static final int MAX_IDLE_PER_HOST = 256;
    /** Idle connections older than this are closed instead of reused. */
    public static final Duration MAX_IDLE = Duration.ofSeconds(30);

    private static final System.Logger LOGGER = System.getLogger(Http1Client.class.getName());
    private static final Set<String> OWN_HEADERS = Set.of("host", "content-length", "transfer-encoding");

    private final int connectTimeoutMillis;
    private final SSLSocketFactory tls;
    private final ConnectionPool pool;

    Http1Client(Duration connectTimeout, SSLSocketFactory tls, int maxIdlePerHost, Duration maxIdle) {
        this.connectTimeoutMillis = millis(connectTimeout);
        this.tls = tls;
        this.pool = new ConnectionPool(maxIdlePerHost, maxIdle);
    }

    /**
     * Creates a client that trusts the JVM's default certificate authorities.
     *
     * @param connectTimeout longest wait for a TCP connection to be accepted
     */
    public static Http1Client create(Duration connectTimeout) {
        return create(connectTimeout, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    /**
     * Creates a client with its own TLS socket factory (for a private trust store).
     *
     * @param connectTimeout longest wait for a TCP connection to be accepted
     * @param tls            factory for HTTPS connections
     */
    public static Http1Client create(Duration connectTimeout, SSLSocketFactory tls) {
        return new Http1Client(connectTimeout, tls, MAX_IDLE_PER_HOST, MAX_IDLE);
    }

    /**
     * Sends a POST with a {@code Content-Length} body.
     *
     * @param uri         absolute http or https URI
     * @param headers     name/value pairs, sent in order; Host, Content-Length and Transfer-Encoding are
     *                    set by the client and may not be given
     * @param body        request body
     * @param readTimeout longest silence while waiting for or reading the response
     * @return the response; the caller closes it
     * @throws IOException when the server cannot be reached or the response is malformed
     */
    public Http1Response post(URI uri, List<String[]> headers, byte[] body, Duration readTimeout)
            throws IOException {
        return send("POST", uri, headers, body, readTimeout);
    }

    /**
     * Sends a GET.
     *
     * @param uri         absolute http or https URI
     * @param headers     name/value pairs, sent in order
     * @param readTimeout longest silence while waiting for or reading the response
     * @return the response; the caller closes it
     * @throws IOException when the server cannot be reached or the response is malformed
     */
    public Http1Response get(URI uri, List<String[]> headers, Duration readTimeout) throws IOException {
        return send("GET", uri, headers, null, readTimeout);
    }

    /** Closes the idle connections; responses still being read keep theirs until they finish. */
    @Override
    public void close() {
        pool.closeAll();
    }

    /** Returns how many idle connections are parked for the URI's host. */
    int idleConnections(URI uri) {
        return pool.idleCount(Target.of(uri).key());
    }

    private Http1Response send(String method, URI uri, List<String[]> headers, byte[] body,
                               Duration readTimeout) throws IOException {
        Target target = Target.of(uri);
        byte[] head = head(method, target, headers, body);
        int timeout = millis(readTimeout);
        Http1Connection pooled = pool.take(target.key());
        if (pooled != null) {
            try {
                return exchange(pooled, head, body, timeout);
            } catch (NothingReceived e) {
                pooled.close();
                if (LOGGER.isLoggable(System.Logger.Level.TRACE)) {
                    LOGGER.log(System.Logger.Level.TRACE, "pooled connection to " + target.key()
                            + " was dropped by the server, sending again on a new one");
                }
            } catch (IOException | RuntimeException e) {
                pooled.close();
                throw e;
            }
        }
        Http1Connection fresh = connect(target, timeout);
        try {
            return exchange(fresh, head, body, timeout);
        } catch (NothingReceived e) {
            fresh.close();
            throw e.failure();
        } catch (IOException | RuntimeException e) {
            fresh.close();
            throw e;
        }
    }

    private Http1Response exchange(Http1Connection c, byte[] head, byte[] body, int timeout)
            throws IOException {
        c.socket().setSoTimeout(timeout);
        try {
            OutputStream out = c.out();
            out.write(head);
            if (body != null) {
                out.write(body);
            }
            out.flush();
            if (!c.in().awaitByte()) {
                throw new NothingReceived(new EOFException("server closed the connection without answering"));
            }
        } catch (SocketTimeoutException e) {
            // the server may be working on the request: never send it twice
            throw e;
        } catch (NothingReceived e) {
            throw e;
        } catch (IOException e) {
            throw new NothingReceived(e);
        }
        ResponseHead response = ResponseHead.read(c.in());
        while (response.interim()) {
            response = ResponseHead.read(c.in());
        }
        return new Http1Response(response.status(), response.headers(), body(c, response));
    }

    private ResponseBody body(Http1Connection c, ResponseHead response) throws IOException {
        ConnectionPool reuse = response.keepAlive() ? pool : null;
        if (response.status() == 204 || response.status() == 304) {
            return ResponseBody.fixed(c, reuse, 0);
        }
        if (response.headers().containsKey("transfer-encoding")) {
            return response.chunked() ? ResponseBody.chunked(c, reuse) : ResponseBody.untilClose(c);
        }
        long length = response.contentLength();
        return length >= 0 ? ResponseBody.fixed(c, reuse, length) : ResponseBody.untilClose(c);
    }

    private Http1Connection connect(Target target, int readTimeout) throws IOException {
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.connect(new InetSocketAddress(target.address(), target.port()), connectTimeoutMillis);
            if (!target.https()) {
                return Http1Connection.open(target.key(), raw);
            }
            SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.address(), target.port(), true);
            SSLParameters params = ssl.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!target.ipLiteral()) {
                params.setServerNames(List.of(new SNIHostName(target.address())));
            }
            ssl.setSSLParameters(params);
            ssl.setSoTimeout(readTimeout);
            ssl.startHandshake();
            return Http1Connection.open(target.key(), ssl);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
    }

    private static byte[] head(String method, Target target, List<String[]> headers, byte[] body) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target.requestTarget()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n");
        for (String[] h : headers) {
            if (h.length != 2) {
                throw new IllegalArgumentException("a header is a name and a value");
            }
            String name = h[0];
            if (!token(name)) {
                throw new IllegalArgumentException("invalid header name");
            }
            if (OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(name + " is set by the client");
            }
            checkValue(name, h[1]);
            sb.append(name).append(": ").append(h[1]).append("\r\n");
        }
        if (body != null) {
            sb.append("Content-Length: ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static boolean token(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch <= ' ' || ch >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(ch) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static void checkValue(String name, String value) {
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            // the value itself is never echoed: it may be a credential
            if (ch == '\r' || ch == '\n' || ch == 0 || ch > 0xff) {
                throw new IllegalArgumentException("invalid character in the value of header " + name);
            }
        }
    }

    private static int millis(Duration d) {
        long ms = d.toMillis();
        if (ms <= 0) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        return (int) Math.min(ms, Integer.MAX_VALUE);
    }

    /** A failure before any response byte arrived, which makes a reused connection safe to retry. */
    private static final class NothingReceived extends IOException {
        NothingReceived(IOException cause) {
            super(cause.getMessage(), cause);
        }

        IOException failure() {
            return (IOException) getCause();
        }
    }
}
