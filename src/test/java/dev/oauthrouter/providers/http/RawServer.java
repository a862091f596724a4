package dev.oauthrouter.providers.http;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test server on a raw server socket: each accepted connection is handed to a handler on its own
 * virtual thread, which reads requests and writes response bytes exactly as the test wants.
 */
final class RawServer implements AutoCloseable {
    private final ServerSocket server;
    private final Handler handler;
    private final AtomicInteger accepts = new AtomicInteger();
    private final ConcurrentLinkedQueue<Request> requests = new ConcurrentLinkedQueue<>();
    private final String scheme;

    /** Serves one connection. */
    @FunctionalInterface
    interface Handler {
        void serve(Conn conn) throws Exception;
    }

    private RawServer(ServerSocket server, String scheme, Handler handler) {
        this.server = server;
        this.scheme = scheme;
        this.handler = handler;
        Thread.ofVirtual().start(this::acceptLoop);
    }

    /** Starts a plain server on a loopback port. */
    static RawServer start(Handler handler) throws IOException {
        return new RawServer(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()), "http", handler);
    }

    /** Starts a server on an already bound (for example TLS) server socket. */
    static RawServer start(ServerSocket bound, Handler handler) {
        return new RawServer(bound, "https", handler);
    }

    /** Returns how many connections were accepted. */
    int accepts() {
        return accepts.get();
    }

    /** Returns every request read so far, in arrival order. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Returns a URI on this server with the given host name. */
    URI uri(String host, String pathAndQuery) {
        return URI.create(scheme + "://" + host + ":" + server.getLocalPort() + pathAndQuery);
    }

    /** Returns a URI on this server at 127.0.0.1. */
    URI uri(String pathAndQuery) {
        return uri("127.0.0.1", pathAndQuery);
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                return;
            }
            accepts.incrementAndGet();
            Thread.ofVirtual().start(() -> {
                try (s) {
                    handler.serve(new Conn(s, requests));
                } catch (Exception e) {
                    // the test decides what a broken connection means
                }
            });
        }
    }

    /** One accepted connection. */
    static final class Conn {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final ConcurrentLinkedQueue<Request> log;

        Conn(Socket socket, ConcurrentLinkedQueue<Request> log) throws IOException {
            this.socket = socket;
            this.in = new BufferedInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.log = log;
        }

        Socket socket() {
            return socket;
        }

        InputStream in() {
            return in;
        }

        /** Reads one request (head and Content-Length body), or returns null at end of stream. */
        Request read() throws IOException {
            String line = line();
            if (line == null) {
                return null;
            }
            List<String> headers = new ArrayList<>();
            String h;
            while ((h = line()) != null && !h.isEmpty()) {
                headers.add(h);
            }
            Request partial = new Request(line, headers, new byte[0]);
            int length = partial.header("content-length").map(Integer::parseInt).orElse(0);
            Request r = new Request(line, headers, in.readNBytes(length));
            log.add(r);
            return r;
        }

        /** Writes ASCII text and flushes it. */
        void write(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** A request as the server read it. */
    record Request(String line, List<String> headers, byte[] body) {
        Optional<String> header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).strip()).findFirst();
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }
}
