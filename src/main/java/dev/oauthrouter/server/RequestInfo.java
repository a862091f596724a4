package dev.oauthrouter.server;

import java.util.concurrent.ThreadLocalRandom;

import dev.oauthrouter.openai.Usage;

/**
 * What the one log line of a request reports; filled in as the request goes. Owned by the request's
 * thread only.
 */
final class RequestInfo {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    final String id;
    final long startNanos;
    String tokenName = "-";
    String model = "-";
    Usage usage = Usage.UNKNOWN;
    String outcome = "";

    private RequestInfo(String id, long startNanos) {
        this.id = id;
        this.startNanos = startNanos;
    }

    static RequestInfo start() {
        return new RequestInfo(newId(), System.nanoTime());
    }

    /** Returns a request id: {@code req_} and 24 hex digits. */
    static String newId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        long a = r.nextLong();
        int b = r.nextInt();
        char[] out = new char[28];
        out[0] = 'r';
        out[1] = 'e';
        out[2] = 'q';
        out[3] = '_';
        for (int i = 0; i < 16; i++) {
            out[4 + i] = HEX[(int) (a >>> (60 - 4 * i)) & 0xf];
        }
        for (int i = 0; i < 8; i++) {
            out[20 + i] = HEX[(b >>> (28 - 4 * i)) & 0xf];
        }
        return new String(out);
    }

    long elapsedMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
