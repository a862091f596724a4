package dev.oauthrouter.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.oauth.Pkce;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A scriptable OAuth authorization server plus a fake upstream, on loopback.
 *
 * <p>Endpoints: {@code GET /authorize} (standard, auto-approves with a 302 carrying code and state),
 * {@code GET /auth} (OpenRouter style, {@code callback_url}), {@code POST /token} (form or JSON;
 * authorization_code with PKCE and one-time codes, refresh_token with optional rotation and reuse
 * detection, client_credentials, device_code), {@code POST /keys} (OpenRouter key exchange),
 * {@code POST /device/code}, and {@code POST /v1/chat/completions} (the upstream: 200 only for a
 * currently valid access token). Failures are injected per test.
 */
public final class FakeAuthServer implements AutoCloseable {
    private final HttpServer server;
    private final String prefix;
    private final AtomicLong serial = new AtomicLong();
    private final Map<String, String> clientSecrets = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, Family> refreshTokens = new ConcurrentHashMap<>();
    private final Set<String> validAccess = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> redemptionsByToken = new ConcurrentHashMap<>();
    private final AtomicInteger refreshRedemptions = new AtomicInteger();
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private final AtomicInteger upstreamCalls = new AtomicInteger();
    private final Deque<int[]> faults = new ArrayDeque<>();
    private final Map<String, Device> devices = new ConcurrentHashMap<>();
    private volatile boolean rotate = true;
    private volatile long expiresIn = 3600;
    private volatile CountDownLatch hold;
    private volatile CountDownLatch arrived = new CountDownLatch(1);
    private volatile String deniedAuthorize;
    private volatile String wrongState;
    private volatile int devicePending;
    private volatile int deviceSlowDowns;
    private volatile boolean deviceExpires;

    private FakeAuthServer(String prefix) throws IOException {
        this.prefix = prefix;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a server whose issued secrets all begin with {@code prefix} (for canary checks). */
    public static FakeAuthServer start(String prefix) {
        try {
            return new FakeAuthServer(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Returns the base URL, e.g. {@code http://127.0.0.1:1234}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Registers a client, with an optional secret (empty for public clients). */
    public FakeAuthServer client(String clientId, String secret) {
        clientSecrets.put(clientId, secret);
        return this;
    }

    /** Sets whether refresh rotates the refresh token (true) or keeps it (Google style). */
    public FakeAuthServer rotate(boolean value) {
        rotate = value;
        return this;
    }

    /** Sets the lifetime of issued access tokens. */
    public FakeAuthServer expiresIn(long seconds) {
        expiresIn = seconds;
        return this;
    }

    /** Makes the next token responses fail with {@code status}, with an optional Retry-After (-1 none). */
    public FakeAuthServer failNext(int times, int status, int retryAfterSeconds) {
        synchronized (faults) {
            for (int i = 0; i < times; i++) {
                faults.add(new int[] {status, retryAfterSeconds});
            }
        }
        return this;
    }

    /** Holds every token response until {@link #release()}; {@link #awaitArrival()} sees the first. */
    public FakeAuthServer hold() {
        arrived = new CountDownLatch(1);
        hold = new CountDownLatch(1);
        return this;
    }

    /** Releases held token responses. */
    public void release() {
        CountDownLatch h = hold;
        hold = null;
        if (h != null) {
            h.countDown();
        }
    }

    /** Waits until a held token request has arrived. */
    public void awaitArrival() throws InterruptedException {
        if (!arrived.await(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("no token request arrived");
        }
    }

    /** Makes the authorize step answer {@code error=...} instead of a code. */
    public FakeAuthServer denyAuthorize(String error) {
        deniedAuthorize = error;
        return this;
    }

    /** Makes the authorize step echo a different state. */
    public FakeAuthServer echoWrongState(String state) {
        wrongState = state;
        return this;
    }

    /** Scripts the device flow: pending polls, then slow_downs, then approval or expiry. */
    public FakeAuthServer device(int pending, int slowDowns, boolean expires) {
        devicePending = pending;
        deviceSlowDowns = slowDowns;
        deviceExpires = expires;
        return this;
    }

    /** Issues a token family directly (as if logged in earlier); returns {access, refresh}. */
    public String[] seedFamily(String clientId) {
        Family f = new Family(clientId);
        String refresh = next("rt");
        f.current = refresh;
        refreshTokens.put(refresh, f);
        String access = next("at");
        f.access = access;
        validAccess.add(access);
        return new String[] {access, refresh};
    }

    /** Invalidates an access token as if it were revoked early. */
    public void revokeAccess(String access) {
        validAccess.remove(access);
    }

    /** Returns how many refresh_token grants were redeemed (successfully or not). */
    public int refreshRedemptions() {
        return refreshRedemptions.get();
    }

    /** Returns how many times one refresh token was presented. */
    public int redemptionsOf(String refreshToken) {
        AtomicInteger n = redemptionsByToken.get(refreshToken);
        return n == null ? 0 : n.get();
    }

    /** Returns the number of token endpoint requests. */
    public int tokenRequests() {
        return tokenRequests.get();
    }

    /** Returns the number of upstream calls. */
    public int upstreamCalls() {
        return upstreamCalls.get();
    }

    /** Returns true when the access token is currently accepted by the upstream. */
    public boolean accepts(String access) {
        return validAccess.contains(access);
    }

    /** Returns the live refresh token of the family that {@code anyMember} belongs to. */
    public String currentRefresh(String anyMember) {
        Family f = refreshTokens.get(anyMember);
        return f == null ? "" : f.current;
    }

    /** Returns true when the family of {@code anyMember} was revoked for reuse. */
    public boolean revoked(String anyMember) {
        Family f = refreshTokens.get(anyMember);
        return f != null && f.revoked;
    }

    @Override
    public void close() {
        release();
        server.stop(0);
    }

    private String next(String kind) {
        return prefix + "-" + kind + "-" + serial.incrementAndGet() + "-" + Pkce.randomToken()
                .substring(0, 10);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            switch (path) {
            case "/authorize" -> authorize(ex, false);
            case "/auth" -> authorize(ex, true);
            case "/token" -> token(ex);
            case "/keys" -> keys(ex);
            case "/device/code" -> deviceCode(ex);
            case "/v1/chat/completions" -> upstream(ex);
            default -> send(ex, 404, Json.object().put("error", "not_found"));
            }
        }
    }

    private void authorize(HttpExchange ex, boolean openrouter) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String redirect = openrouter ? q.get("callback_url") : q.get("redirect_uri");
        if (redirect == null || !URI.create(redirect).getHost().matches("127\\.0\\.0\\.1|localhost")) {
            send(ex, 400, Json.object().put("error", "invalid_redirect_uri"));
            return;
        }
        if (!openrouter && (!clientSecrets.containsKey(q.getOrDefault("client_id", ""))
                || !"code".equals(q.get("response_type")))) {
            send(ex, 400, Json.object().put("error", "invalid_client"));
            return;
        }
        if (!"S256".equals(q.get("code_challenge_method")) || q.getOrDefault("code_challenge", "")
                .isEmpty()) {
            send(ex, 400, Json.object().put("error", "invalid_request"));
            return;
        }
        Map<String, String> back = new LinkedHashMap<>();
        if (deniedAuthorize != null) {
            back.put("error", deniedAuthorize);
        } else {
            String code = next("code");
            codes.put(code, new Code(q.getOrDefault("client_id", ""), redirect, q.get("code_challenge")));
            back.put("code", code);
        }
        if (q.containsKey("state")) {
            back.put("state", wrongState != null ? wrongState : q.get("state"));
        }
        ex.getResponseHeaders().set("Location", redirect + (redirect.contains("?") ? "&" : "?") + form(back));
        ex.sendResponseHeaders(302, -1);
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> p = body(ex);
        CountDownLatch h = hold;
        if (h != null) {
            arrived.countDown();
            try {
                h.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String grant = p.getOrDefault("grant_type", "");
        if (grant.equals("refresh_token")) {
            refreshRedemptions.incrementAndGet();
            redemptionsByToken.computeIfAbsent(p.getOrDefault("refresh_token", ""), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        int[] fault;
        synchronized (faults) {
            fault = faults.poll();
        }
        if (fault != null) {
            if (fault[1] >= 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(fault[1]));
            }
            send(ex, fault[0], Json.object().put("error", fault[0] == 429 ? "rate_limited" : "server_error"));
            return;
        }
        switch (grant) {
        case "authorization_code" -> authorizationCode(ex, p);
        case "refresh_token" -> refresh(ex, p);
        case "client_credentials" -> clientCredentials(ex, p);
        case "urn:ietf:params:oauth:grant-type:device_code" -> devicePoll(ex, p);
        default -> send(ex, 400, Json.object().put("error", "unsupported_grant_type"));
        }
    }

    private void authorizationCode(HttpExchange ex, Map<String, String> p) throws IOException {
        Code c = codes.remove(p.getOrDefault("code", ""));
        if (c == null || !c.redirect.equals(p.get("redirect_uri")) || !c.clientId.equals(p.get("client_id"))
                || !clientOk(p)) {
            send(ex, 400, Json.object().put("error", "invalid_grant"));
            return;
        }
        if (!Pkce.challenge(p.getOrDefault("code_verifier", "")).equals(c.challenge)) {
            send(ex, 400, Json.object().put("error", "invalid_grant").put("error_description",
                    "PKCE failed"));
            return;
        }
        Family f = new Family(c.clientId);
        String refresh = next("rt");
        f.current = refresh;
        refreshTokens.put(refresh, f);
        sendTokens(ex, f, refresh);
    }

    private void refresh(HttpExchange ex, Map<String, String> p) throws IOException {
        String presented = p.getOrDefault("refresh_token", "");
        Family f = refreshTokens.get(presented);
        if (f == null || f.revoked || !clientOk(p)) {
            send(ex, 400, Json.object().put("error", "invalid_grant"));
            return;
        }
        synchronized (f) {
            if (!presented.equals(f.current)) {
                // a rotated-out token came back: someone redeemed it twice; kill the whole family
                f.revoked = true;
                validAccess.remove(f.access);
                send(ex, 400, Json.object().put("error", "refresh_token_reused"));
                return;
            }
            String newRefresh = "";
            if (rotate) {
                newRefresh = next("rt");
                f.current = newRefresh;
                refreshTokens.put(newRefresh, f);
            }
            sendTokens(ex, f, newRefresh);
        }
    }

    private void clientCredentials(HttpExchange ex, Map<String, String> p) throws IOException {
        if (!clientSecrets.containsKey(p.getOrDefault("client_id", "")) || !clientOk(p)
                || clientSecrets.get(p.get("client_id")).isEmpty()) {
            send(ex, 401, Json.object().put("error", "invalid_client"));
            return;
        }
        Family f = new Family(p.get("client_id"));
        sendTokens(ex, f, "");
    }

    private void devicePoll(HttpExchange ex, Map<String, String> p) throws IOException {
        Device d = devices.get(p.getOrDefault("device_code", ""));
        // GitHub answers device polls with HTTP 200 and an error field
        if (d == null) {
            send(ex, 200, Json.object().put("error", "incorrect_device_code"));
            return;
        }
        if (d.pending > 0) {
            d.pending--;
            send(ex, 200, Json.object().put("error", "authorization_pending"));
            return;
        }
        if (d.slowDowns > 0) {
            d.slowDowns--;
            send(ex, 200, Json.object().put("error", "slow_down").put("interval", 10));
            return;
        }
        if (d.expires) {
            send(ex, 200, Json.object().put("error", "expired_token"));
            return;
        }
        devices.remove(p.get("device_code"));
        Family f = new Family(d.clientId);
        String access = next("at");
        validAccess.add(access);
        f.access = access;
        send(ex, 200, Json.object().put("access_token", access).put("token_type", "bearer").put("scope", ""));
    }

    private void deviceCode(HttpExchange ex) throws IOException {
        Map<String, String> p = body(ex);
        if (!clientSecrets.containsKey(p.getOrDefault("client_id", ""))) {
            send(ex, 400, Json.object().put("error", "invalid_client"));
            return;
        }
        String deviceCode = next("dc");
        devices.put(deviceCode, new Device(p.get("client_id"), devicePending, deviceSlowDowns,
                deviceExpires));
        send(ex, 200, Json.object().put("device_code", deviceCode).put("user_code", "WDJB-MJHT")
                .put("verification_uri", base() + "/login/device").put("expires_in", 900).put("interval", 5));
    }

    private void keys(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        Map<String, String> p = body(ex);
        Code c = codes.remove(p.getOrDefault("code", ""));
        if (c == null || !"S256".equals(p.get("code_challenge_method"))
                || !Pkce.challenge(p.getOrDefault("code_verifier", "")).equals(c.challenge)) {
            ObjectNode err = Json.object();
            err.putObject("error").put("message", "Invalid code");
            send(ex, 403, err);
            return;
        }
        String key = next("key");
        validAccess.add(key);
        send(ex, 200, Json.object().put("key", key).put("user_id", "user-1"));
    }

    private void upstream(HttpExchange ex) throws IOException {
        upstreamCalls.incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.startsWith("Bearer ") ? auth.substring(7) : "";
        if (!validAccess.contains(token)) {
            ObjectNode err = Json.object();
            err.putObject("error").put("message", "invalid token").put("type", "authentication_error");
            send(ex, 401, err);
            return;
        }
        send(ex, 200, Json.object().put("ok", true));
    }

    private void sendTokens(HttpExchange ex, Family f, String refresh) throws IOException {
        String access = next("at");
        if (f.access != null) {
            validAccess.remove(f.access);
        }
        f.access = access;
        validAccess.add(access);
        ObjectNode n = Json.object().put("access_token", access).put("token_type", "Bearer")
                .put("expires_in", expiresIn).put("scope", "s1 s2");
        if (!refresh.isEmpty()) {
            n.put("refresh_token", refresh);
        }
        send(ex, 200, n);
    }

    private boolean clientOk(Map<String, String> p) {
        String id = p.getOrDefault("client_id", "");
        String expected = clientSecrets.get(id);
        return expected != null && (expected.isEmpty() || expected.equals(p.getOrDefault("client_secret",
                "")));
    }

    private static Map<String, String> body(HttpExchange ex) throws IOException {
        String text = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type != null && type.startsWith("application/json")) {
            Map<String, String> out = new LinkedHashMap<>();
            JsonNode n = Json.parse(text);
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
        return query(text);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static String form(Map<String, String> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(URLEncoder.encode(k,
                StandardCharsets.UTF_8))
                .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return sb.toString();
    }

    private static void send(HttpExchange ex, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private record Code(String clientId, String redirect, String challenge) {
    }

    private static final class Family {
        private final String clientId;
        private volatile String current;
        private volatile String access;
        private volatile boolean revoked;

        private Family(String clientId) {
            this.clientId = clientId;
        }
    }

    private static final class Device {
        private final String clientId;
        private int pending;
        private int slowDowns;
        private final boolean expires;

        private Device(String clientId, int pending, int slowDowns, boolean expires) {
            this.clientId = clientId;
            this.pending = pending;
            this.slowDowns = slowDowns;
            this.expires = expires;
        }
    }
}
