package dev.oauthrouter.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.helidon.http.HeaderNames;
import io.helidon.http.Method;
import io.helidon.webserver.http.ServerRequest;

import dev.oauthrouter.admin.AdminAuthorizer;

/**
 * Dashboard sessions created by signing in with the admin key, and the {@link AdminAuthorizer} that lets
 * a signed-in browser use the admin API.
 *
 * <p>A session is a cookie {@code <expiry>.<random id>.<mac>}: the MAC is keyed by a key derived from
 * the admin key, so every router sharing the admin key accepts it (no sticky load balancing needed) and
 * changing the admin key ends all sessions. Signing out ends a session on this router at once (and the
 * browser drops the cookie). The CSRF token is a second MAC over the session id; every state-changing
 * admin call must carry it in the {@value #CSRF_HEADER} header.
 */
public final class DashboardSessions implements AdminAuthorizer {
    /** Name of the session cookie. */
    public static final String COOKIE = "oauthrouter_session";
    /** Header that carries the CSRF token on state-changing calls. */
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** How long a session lasts. */
    public static final Duration LIFETIME = Duration.ofHours(8);

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] adminKeyDigest;
    private final byte[] macKey;
    private final Clock clock;
    private final Map<String, Instant> signedOut = new ConcurrentHashMap<>();

    private DashboardSessions(String adminKey, Clock clock) {
        this.clock = clock;
        if (adminKey == null || adminKey.isBlank()) {
            this.adminKeyDigest = null;
            this.macKey = null;
        } else {
            this.adminKeyDigest = sha256("admin-key:" + adminKey);
            this.macKey = sha256("dashboard-session:" + adminKey);
        }
    }

    /**
     * Creates the sessions for an admin key.
     *
     * @param adminKey the configured admin key; null or blank means the dashboard cannot sign anyone in
     * @param clock    clock for expiry
     */
    public static DashboardSessions create(String adminKey, Clock clock) {
        return new DashboardSessions(adminKey, clock);
    }

    /** Returns true when an admin key is configured. */
    public boolean enabled() {
        return macKey != null;
    }

    /** Returns true when the candidate is the admin key (compared in constant time). */
    public boolean keyMatches(String candidate) {
        if (adminKeyDigest == null || candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(adminKeyDigest, sha256("admin-key:" + candidate.strip()));
    }

    /**
     * Starts a session.
     *
     * @return the new session; the caller sets its cookie
     * @throws IllegalStateException when no admin key is configured
     */
    public Session start() {
        if (!enabled()) {
            throw new IllegalStateException("no admin key is configured");
        }
        byte[] id = new byte[24];
        RANDOM.nextBytes(id);
        Instant expires = clock.instant().plus(LIFETIME);
        String payload = expires.getEpochSecond() + "." + B64.encodeToString(id);
        return new Session(payload + "." + mac("session:" + payload), csrfFor(payload), expires);
    }

    /** Returns the session of a request with a valid, unexpired, not signed-out cookie. */
    public Optional<Session> current(ServerRequest request) {
        return cookie(request).flatMap(this::validate);
    }

    /** Ends the request's session on this router. */
    public void end(ServerRequest request) {
        current(request).ifPresent(s -> {
            Instant now = clock.instant();
            signedOut.values().removeIf(now::isAfter);
            signedOut.put(s.cookieValue(), s.expires());
        });
    }

    /**
     * Returns true for a signed-in browser: a valid session cookie, plus the matching CSRF header
     * unless the method is GET or HEAD.
     */
    @Override
    public boolean authorized(ServerRequest request) {
        Optional<Session> session = current(request);
        if (session.isEmpty()) {
            return false;
        }
        Method method = request.prologue().method();
        if (method == Method.GET || method == Method.HEAD) {
            return true;
        }
        return csrfMatches(session.get(), request);
    }

    /** Returns true when the request carries the session's CSRF token in {@value #CSRF_HEADER}. */
    public static boolean csrfMatches(Session session, ServerRequest request) {
        String sent = request.headers().first(HeaderNames.create(CSRF_HEADER)).orElse("");
        return MessageDigest.isEqual(session.csrfToken().getBytes(StandardCharsets.UTF_8),
                sent.getBytes(StandardCharsets.UTF_8));
    }

    private Optional<Session> validate(String value) {
        if (!enabled()) {
            return Optional.empty();
        }
        int last = value.lastIndexOf('.');
        int first = value.indexOf('.');
        if (first <= 0 || last <= first) {
            return Optional.empty();
        }
        String payload = value.substring(0, last);
        byte[] expected = mac("session:" + payload).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, value.substring(last + 1).getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        Instant expires;
        try {
            expires = Instant.ofEpochSecond(Long.parseLong(value.substring(0, first)));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(expires) || signedOut.containsKey(value)) {
            return Optional.empty();
        }
        return Optional.of(new Session(value, csrfFor(payload), expires));
    }

    private String csrfFor(String payload) {
        return mac("csrf:" + payload);
    }

    private static Optional<String> cookie(ServerRequest request) {
        for (String header : request.headers().all(HeaderNames.COOKIE, java.util.List::of)) {
            for (String part : header.split(";")) {
                String p = part.strip();
                if (p.startsWith(COOKIE + "=")) {
                    return Optional.of(p.substring(COOKIE.length() + 1));
                }
            }
        }
        return Optional.empty();
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(macKey, "HmacSHA256"));
            return B64.encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    /**
     * A signed-in browser session.
     *
     * @param cookieValue the cookie's value (a secret: never log it)
     * @param csrfToken   the token the page sends back in {@value #CSRF_HEADER}
     * @param expires     when the session ends
     */
    public record Session(String cookieValue, String csrfToken, Instant expires) {
        @Override
        public String toString() {
            return "Session[expires=" + expires + "]";
        }
    }
}
