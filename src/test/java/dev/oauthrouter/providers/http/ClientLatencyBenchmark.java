package dev.oauthrouter.providers.http;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Sequential POSTs to a running {@code bench/java/MockUpstream}, timed per request, for
 * {@link Http1Client} and the JDK's {@link HttpClient} side by side. Each request is sent, its body
 * read to the end and closed. Not a test; run with
 * {@code java -cp target/classes:target/test-classes dev.oauthrouter.providers.http.ClientLatencyBenchmark
 * PORT [requests]}.
 */
public final class ClientLatencyBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private ClientLatencyBenchmark() {
    }

    /** Runs the comparison; arguments: mock port, requests per measured round (default 20000). */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        URI uri = URI.create("http://127.0.0.1:" + port + "/v1/chat/completions");
        Http1Client ours = Http1Client.create(Duration.ofSeconds(2));
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        for (boolean stream : new boolean[] {false, true}) {
            String json = "{\"model\":\"m\",\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            List<String[]> headers = List.<String[]>of(new String[] {"Content-Type", "application/json"},
                    new String[] {"Authorization", "Bearer bench"});
            Call http1 = () -> {
                try (Http1Response r = ours.post(uri, headers, body, TIMEOUT)) {
                    return drain(r.body());
                }
            };
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                    .header("Content-Type", "application/json").header("Authorization", "Bearer bench")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
            Call jdkCall = () -> {
                HttpResponse<InputStream> r = jdk.send(request, HttpResponse.BodyHandlers.ofInputStream());
                try (InputStream in = r.body()) {
                    return drain(in);
                }
            };
            String mode = stream ? "stream" : "json";
            // alternate rounds so that neither client profits from a warmer machine
            for (int round = 0; round < 2; round++) {
                run("Http1Client", mode, http1, round == 0 ? requests / 4 : requests, round == 0);
                run("JDK HttpClient", mode, jdkCall, round == 0 ? requests / 4 : requests, round == 0);
            }
        }
        ours.close();
        jdk.close();
    }

    private static void run(String name, String mode, Call call, int n, boolean warmup) throws Exception {
        long[] nanos = new long[n];
        long bytes = 0;
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            bytes += call.send();
            nanos[i] = System.nanoTime() - start;
        }
        if (warmup) {
            return;
        }
        Arrays.sort(nanos);
        System.out.printf("%-15s %-6s n=%d  p50 %4d us  p90 %4d us  p99 %5d us  (%d bytes/response)%n",
                name, mode, n, nanos[n / 2] / 1000, nanos[n * 9 / 10] / 1000, nanos[n * 99 / 100] / 1000,
                bytes / n);
    }

    private static long drain(InputStream in) throws Exception {
        byte[] buf = new byte[8192];
        long total = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            total += r;
        }
        return total;
    }

    @FunctionalInterface
    private interface Call {
        long send() throws Exception;
    }
}
