package dev.oauthrouter.providers.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS against a local TLS server whose self-signed certificate names only {@code localhost}. */
class Http1ClientTlsTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static SSLContext context;
    private static RawServer server;
    private static Http1Client client;
    private static final Queue<String> SNI = new ConcurrentLinkedQueue<>();

    @BeforeAll
    static void start() throws Exception {
        Path store = dir.resolve("server.p12");
        String keytoolPath = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process keytool = new ProcessBuilder(keytoolPath,
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost", "-validity", "2",
                "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD))
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(keytool.exitValue()).as(out).isZero();

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys);
        context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);

        SSLServerSocket socket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 256, InetAddress.getLoopbackAddress());
        server = RawServer.start(socket, c -> {
            SSLSocket tls = (SSLSocket) c.socket();
            ExtendedSSLSession session = (ExtendedSSLSession) tls.getSession();
            session.getRequestedServerNames().forEach(n -> SNI.add(((SNIHostName) n).getAsciiName()));
            RawServer.Request r;
            while ((r = c.read()) != null) {
                String body = "tls:" + r.bodyText();
                c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(body.length()) + "\r\n" + body + "\r\n0\r\n\r\n");
            }
        });
        client = Http1Client.create(Duration.ofSeconds(2), context.getSocketFactory());
    }

    @AfterAll
    static void stop() throws IOException {
        client.close();
        server.close();
    }

    @Test
    void posts_over_tls_and_reuses_the_connection() throws Exception {
        for (int i = 0; i < 3; i++) {
            URI uri = server.uri("localhost", "/v1");
            try (Http1Response r = client.post(uri, List.of(), ("x" + i).getBytes(), TIMEOUT)) {
                assertThat(r.status()).isEqualTo(200);
                String body = new String(r.body().readAllBytes(), StandardCharsets.UTF_8);
                assertThat(body).isEqualTo("tls:x" + i);
            }
        }
        assertThat(server.requests().getLast().header("host")).contains("localhost:" + server.port());
        assertThat(client.idleConnections(server.uri("localhost", "/"))).isEqualTo(1);
        assertThat(SNI).contains("localhost");
    }

    @Test
    void rejects_a_certificate_that_does_not_name_the_host() {
        // same server and trusted certificate, but reached as 127.0.0.1, which the certificate does not name
        assertThatThrownBy(() -> client.post(server.uri("127.0.0.1", "/"), List.of(), new byte[0], TIMEOUT))
                .isInstanceOf(SSLException.class);
    }

    @Test
    void rejects_an_untrusted_certificate() {
        try (Http1Client defaults = Http1Client.create(Duration.ofSeconds(2))) {
            URI uri = server.uri("localhost", "/");
            assertThatThrownBy(() -> defaults.post(uri, List.of(), new byte[0], TIMEOUT))
                    .isInstanceOf(SSLException.class);
        }
    }
}
