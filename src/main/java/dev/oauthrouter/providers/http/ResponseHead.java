package dev.oauthrouter.providers.http;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed status line and header block.
 *
 * @param http11  whether the server speaks HTTP/1.1 (not 1.0)
 * @param status  status code
 * @param headers lower-cased names to values, one entry per header line, in order
 */
record ResponseHead(boolean http11, int status, Map<String, List<String>> headers) {
    private static final int MAX_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 256;

    /** Reads one status line and its headers up to the blank line. */
    static ResponseHead read(SocketInput in) throws IOException {
        String line = in.readLine(MAX_LINE);
        // "HTTP/1.1 200 OK": the reason phrase is optional and ignored
        if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' '
                || (line.length() > 12 && line.charAt(12) != ' ')) {
            throw new IOException("not an HTTP/1.x status line");
        }
        int status = parseStatus(line.substring(9, 12));
        boolean http11 = line.charAt(7) != '0';
        Map<String, List<String>> headers = new HashMap<>();
        for (int i = 0; ; i++) {
            String h = in.readLine(MAX_LINE);
            if (h.isEmpty()) {
                break;
            }
            if (i == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " response headers");
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || h.charAt(colon - 1) == ' ' || h.charAt(0) == ' ' || h.charAt(0) == '\t') {
                throw new IOException("malformed response header line");
            }
            String name = h.substring(0, colon).toLowerCase(Locale.ROOT);
            headers.computeIfAbsent(name, k -> new ArrayList<>(1)).add(h.substring(colon + 1).strip());
        }
        headers.replaceAll((k, v) -> List.copyOf(v));
        return new ResponseHead(http11, status, headers);
    }

    /** Returns true for a 1xx interim response that a final response follows. */
    boolean interim() {
        return status >= 100 && status < 200 && status != 101;
    }

    /** Returns true when the connection may carry another request after this response. */
    boolean keepAlive() {
        boolean close = hasToken("connection", "close");
        return http11 ? !close : hasToken("connection", "keep-alive") && !close;
    }

    /** Returns true when a header's comma-separated values contain the token (case-insensitive). */
    boolean hasToken(String name, String token) {
        for (String value : headers.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (part.strip().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Returns true when the last transfer coding is chunked. */
    boolean chunked() {
        List<String> te = headers.get("transfer-encoding");
        if (te == null) {
            return false;
        }
        String[] codings = te.getLast().split(",");
        return codings[codings.length - 1].strip().equalsIgnoreCase("chunked");
    }

    /**
     * Returns the declared Content-Length, or -1 when absent.
     *
     * @throws IOException when values disagree or are not a number
     */
    long contentLength() throws IOException {
        List<String> values = headers.get("content-length");
        if (values == null) {
            return -1;
        }
        long length = -1;
        for (String value : values) {
            for (String part : value.split(",")) {
                long n;
                try {
                    n = Long.parseLong(part.strip());
                } catch (NumberFormatException e) {
                    throw new IOException("bad Content-Length", e);
                }
                if (n < 0 || (length >= 0 && n != length)) {
                    throw new IOException("bad Content-Length");
                }
                length = n;
            }
        }
        return length;
    }

    private static int parseStatus(String digits) throws IOException {
        for (int i = 0; i < 3; i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                throw new IOException("bad status code");
            }
        }
        return Integer.parseInt(digits);
    }
}
