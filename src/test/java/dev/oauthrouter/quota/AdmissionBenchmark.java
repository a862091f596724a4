package dev.oauthrouter.quota;

import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import dev.oauthrouter.admin.TokenService;
import dev.oauthrouter.admin.TokenSpec;
import dev.oauthrouter.auth.CachedTokenAuthenticator;
import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.store.AesGcmSecretCipher;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.Dialect;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.MasterKey;
import dev.oauthrouter.store.TestDatabase;

/**
 * Measures the admission path alone (cached token lookup plus the one-statement quota reservation) on
 * H2 and on PostgreSQL: requests per second with concurrent virtual threads, and the time one request
 * spends in it. Not a test; run with {@code bin/bench-admission [seconds-per-phase] [threads]}.
 */
public final class AdmissionBenchmark {
    private AdmissionBenchmark() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args optional: seconds per measured phase (default 5), concurrent threads (default 32)
     */
    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        System.out.printf("cores=%d threads=%d phase=%ds%n", Runtime.getRuntime().availableProcessors(),
                threads, seconds);
        for (Dialect dialect : Dialect.values()) {
            try (TestDatabase t = TestDatabase.create(dialect)) {
                run(t, dialect, seconds, threads);
            }
        }
    }

    private static void run(TestDatabase t, Dialect dialect, int seconds, int threads) throws Exception {
        Database db = t.open(8);
        Plans plans = new Plans(Map.of("bench", Long.MAX_VALUE - 1));
        TokenService tokens = new TokenService(db, new AesGcmSecretCipher(MasterKey.generate()), plans,
                Clock.systemUTC());
        String secret = tokens.create(new TokenSpec("bench", java.util.Optional.of("bench"),
                java.util.Optional.empty(), List.of())).secret();
        JdbcQuotaGate gate = new JdbcQuotaGate(db, plans, Clock.systemUTC());
        try (CachedTokenAuthenticator auth = new CachedTokenAuthenticator(new JdbcTokenStore(db),
                Clock.systemUTC(), Duration.ofMillis(250))) {
            Runnable authOnly = () -> auth.authenticate(secret).orElseThrow();
            Runnable admission = () -> {
                TokenPrincipal p = auth.authenticate(secret).orElseThrow();
                gate.admit(p);
            };
            throughput(admission, threads, 2);
            double authRate = throughput(authOnly, threads, seconds);
            double rate = throughput(admission, threads, seconds);
            long[] latencies = latencies(admission, seconds);
            System.out.printf("%-10s authenticate only (cached): %,.0f req/s%n", dialect, authRate);
            System.out.printf("%-10s authenticate + admit: %,.0f req/s with %d threads%n", dialect, rate,
                    threads);
            System.out.printf("%-10s one request, sequential: mean %.1f us, p50 %.1f us, p99 %.1f us%n",
                    dialect,
                    Arrays.stream(latencies).average().orElse(0) / 1000.0,
                    latencies[latencies.length / 2] / 1000.0,
                    latencies[(int) (latencies.length * 0.99)] / 1000.0);
        }
    }

    private static double throughput(Runnable op, int threads, int seconds) throws InterruptedException {
        LongAdder done = new LongAdder();
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        Thread[] workers = new Thread[threads];
        long start = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            workers[i] = Thread.ofVirtual().start(() -> {
                while (System.nanoTime() < end) {
                    op.run();
                    done.increment();
                }
            });
        }
        for (Thread w : workers) {
            w.join();
        }
        return done.sum() / ((System.nanoTime() - start) / 1e9);
    }

    private static long[] latencies(Runnable op, int seconds) {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long[] samples = new long[1 << 20];
        int n = 0;
        while (System.nanoTime() < end && n < samples.length) {
            long t0 = System.nanoTime();
            op.run();
            samples[n++] = System.nanoTime() - t0;
        }
        long[] out = Arrays.copyOf(samples, n);
        Arrays.sort(out);
        return out;
    }
}
