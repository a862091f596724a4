package dev.oauthrouter.oauth;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A one-shot HTTP server on the loopback interface that receives the authorization redirect
 * (RFC 8252 section 7.3). It answers the browser with a short page and {@code Connection: close},
 * then the login stops it.
 */
public final class LoopbackReceiver implements AutoCloseable {
    // The JDK server logs each request line (with the authorization code in its query) at DEBUG; a
    // strong reference keeps this level from being garbage collected with the logger.
    private static final java.util.logging.Logger JDK_SERVER_LOG = quietJdkServerLog();
    private static final byte[] DONE = ("<!doctype html><title>OauthRouter</title><p>Login received. You can"
            + " close this tab and return to the terminal.</p>").getBytes(StandardCharsets.UTF_8);
    private static final byte[] FAILED = ("<!doctype html><title>OauthRouter</title><p>The login was not"
            + " completed. See the terminal.</p>").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;
    private final ExecutorService executor;
    private final URI redirectUri;
    private final CompletableFuture<CallbackInput> result = new CompletableFuture<>();

    private LoopbackReceiver(HttpServer server, ExecutorService executor, URI redirectUri) {
        this.server = server;
        this.executor = executor;
        this.redirectUri = redirectUri;
    }

    /**
     * Starts a receiver.
     *
     * @param hostName name put in the redirect URI ({@code 127.0.0.1} for Google, {@code localhost}
     *                 for OpenRouter); the socket always binds the loopback address
     * @param port     port, 0 for any free port
     * @param path     callback path, e.g. {@code /callback}
     * @throws LoginException when the port is taken
     */
    public static LoopbackReceiver start(String hostName, int port, String path) {
        JDK_SERVER_LOG.setLevel(java.util.logging.Level.INFO);
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new LoginException("Cannot listen on 127.0.0.1:" + port + " for the login callback ("
                    + e.getMessage() + "). Pick another --port or use --flow paste.");
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("login-callback").factory());
        server.setExecutor(executor);
        URI redirect = URI.create("http://" + hostName + ":" + server.getAddress().getPort() + path);
        LoopbackReceiver r = new LoopbackReceiver(server, executor, redirect);
        server.createContext("/", r::handle);
        server.start();
        return r;
    }

    /** Returns the redirect URI to register with the authorization request. */
    public URI redirectUri() {
        return redirectUri;
    }

    /**
     * Waits for the redirect.
     *
     * @throws LoginException on timeout, cancel or interrupt
     */
    public CallbackInput await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LoginException("No login callback arrived within " + timeout.toMinutes()
                    + " min. Run the"
                    + " login again, or use --flow paste when the browser runs on another machine.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LoginException("The login was interrupted.");
        } catch (ExecutionException e) {
            throw new LoginException("The login callback failed.");
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static java.util.logging.Logger quietJdkServerLog() {
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("com.sun.net.httpserver");
        log.setLevel(java.util.logging.Level.INFO);
        return log;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (path.equals(redirectUri.getPath()) && "GET".equals(exchange.getRequestMethod())) {
                CallbackInput in = CallbackInput.fromQuery(
                        Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
                boolean ok = in.error().isEmpty() && !in.code().isEmpty();
                send(exchange, 200, ok ? DONE : FAILED);
                result.complete(in);
            } else if (path.equals("/cancel")) {
                send(exchange, 200, FAILED);
                result.complete(new CallbackInput("", Optional.empty(), "cancelled"));
            } else {
                send(exchange, 404, FAILED);
            }
        }
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
