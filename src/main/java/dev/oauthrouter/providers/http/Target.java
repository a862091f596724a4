package dev.oauthrouter.providers.http;

import java.net.URI;
import java.util.Locale;

/**
 * Where a request goes: the parts of an absolute http or https URI that the client needs.
 *
 * @param https         whether TLS is used
 * @param address       host name or IP literal without brackets, for connecting and SNI
 * @param port          TCP port
 * @param hostHeader    the Host header value
 * @param requestTarget raw path and query
 * @param key           pool key {@code scheme://host:port}
 */
record Target(boolean https, String address, int port, String hostHeader, String requestTarget, String key) {

    /**
     * Reads the target of a URI.
     *
     * @throws IllegalArgumentException when the URI is not an absolute http or https URI with a host
     */
    static Target of(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URIs are supported");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("the URI has no host");
        }
        boolean https = scheme.equals("https");
        int defaultPort = https ? 443 : 80;
        int port = uri.getPort() < 0 ? defaultPort : uri.getPort();
        String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String hostHeader = port == defaultPort ? host : host + ":" + port;
        return new Target(https, address, port, hostHeader, target, scheme + "://" + host + ":" + port);
    }

    /** Returns true when the host is an IP address, which gets no SNI name. */
    boolean ipLiteral() {
        return address.indexOf(':') >= 0 || address.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}
