package dev.oauthrouter.dashboard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import io.helidon.http.HeaderNames;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import dev.oauthrouter.admin.JsonResponses;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.json.Json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The dashboard under {@code /dashboard}: the page shell for {@code /dashboard/api}, {@code /providers},
 * {@code /usage} and {@code /setup}, its scripts and styles under {@code /dashboard/static/}, and the
 * session endpoints:
 * <ul>
 *     <li>{@code GET /dashboard/session}: {admin_enabled, signed_in, csrf_token (when signed in)}</li>
 *     <li>{@code POST /dashboard/session} with JSON {key} or a form field {@code key}: signs in</li>
 *     <li>{@code DELETE /dashboard/session} with the CSRF header: signs out</li>
 * </ul>
 * Every answer carries a strict Content-Security-Policy (scripts and styles from this origin only, no
 * inline script) and is not cached.
 */
public final class DashboardService implements HttpService {
    /** The dashboard's path prefix. */
    public static final String PREFIX = "/dashboard";
    /** The policy sent with every dashboard answer. */
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
            + "style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
            + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static final System.Logger LOGGER = System.getLogger(DashboardService.class.getName());
    private static final Set<String> PAGES = Set.of("api", "providers", "usage", "setup");
    private static final Pattern ASSET = Pattern.compile("(vendor/)?[a-z0-9][a-z0-9.-]*\\.(js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=UTF-8",
            "js", "text/javascript; charset=UTF-8",
            "css", "text/css; charset=UTF-8",
            "svg", "image/svg+xml");

    private final DashboardSessions sessions;
    private final SignInThrottle throttle;
    private final Map<String, byte[]> assets = new ConcurrentHashMap<>();

    /**
     * Creates the service.
     *
     * @param sessions sessions (also the admin API's extra authorizer)
     * @param throttle failed sign-in throttle
     */
    public DashboardService(DashboardSessions sessions, SignInThrottle throttle) {
        this.sessions = sessions;
        this.throttle = throttle;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", (req, res) -> redirect(res, PREFIX + "/api"))
                .get("/session", guarded(this::status))
                .post("/session", guarded(this::signIn))
                .delete("/session", guarded(this::signOut))
                .get("/static/*", guarded(this::asset))
                .get("/{page}", guarded(this::page))
                .any(guarded((req, res) -> {
                    throw ApiException.notFound("No dashboard page " + req.path().absolute().path());
                }));
    }

    private void page(ServerRequest req, ServerResponse res) {
        String page = req.path().pathParameters().get("page");
        if (!PAGES.contains(page)) {
            throw ApiException.notFound("No dashboard page " + req.path().absolute().path()
                    + "; the pages are /dashboard/api, /dashboard/providers, /dashboard/usage and "
                    + "/dashboard/setup");
        }
        send(res, Status.OK_200, TYPES.get("html"), asset("index.html").orElseThrow(
                () -> new IllegalStateException("dashboard/index.html is missing from the classpath")));
    }

    private void asset(ServerRequest req, ServerResponse res) {
        String path = req.path().absolute().path().substring((PREFIX + "/static/").length());
        if (!ASSET.matcher(path).matches()) {
            throw ApiException.notFound("No dashboard file " + req.path().absolute().path());
        }
        byte[] bytes = asset(path).orElseThrow(
                () -> ApiException.notFound("No dashboard file " + req.path().absolute().path()));
        send(res, Status.OK_200, TYPES.get(path.substring(path.lastIndexOf('.') + 1)), bytes);
    }

    private void status(ServerRequest req, ServerResponse res) {
        ObjectNode body = Json.object();
        body.put("admin_enabled", sessions.enabled());
        Optional<DashboardSessions.Session> session = sessions.current(req);
        body.put("signed_in", session.isPresent());
        session.ifPresent(s -> {
            body.put("csrf_token", s.csrfToken());
            body.put("expires_at", s.expires().toString());
        });
        json(res, Status.OK_200, body);
    }

    private void signIn(ServerRequest req, ServerResponse res) {
        checkOrigin(req);
        if (!sessions.enabled()) {
            throw ApiException.notFound("The dashboard is off: no admin key is configured. Set admin.key in "
                    + "the router's config (e.g. key: \"${OAUTHROUTER_ADMIN_KEY}\") and restart.");
        }
        String address = clientAddress(req);
        Optional<Duration> locked = throttle.lockedFor(address);
        if (locked.isPresent()) {
            long seconds = Math.max(1, locked.get().toSeconds() + (locked.get().toMillisPart() > 0 ? 1 : 0));
            throw new ApiException(429, "rate_limit_error", "too_many_sign_in_attempts", null,
                    "Too many failed sign-ins from this address; try again in " + seconds + " s.")
                    .header("Retry-After", Long.toString(seconds));
        }
        boolean form = req.headers().contentType().map(t -> t.text().startsWith("application/x-www-form"))
                .orElse(false);
        String key = form ? formField(req, "key") : jsonField(req, "key");
        if (!sessions.keyMatches(key)) {
            throttle.failed(address);
            LOGGER.log(System.Logger.Level.WARNING, "Dashboard sign-in with a wrong admin key from "
                    + address);
            throw ApiException.unauthorized("invalid_admin_key", "Wrong admin key.");
        }
        throttle.succeeded(address);
        DashboardSessions.Session session = sessions.start();
        res.header(HeaderNames.SET_COOKIE, DashboardSessions.COOKIE + "=" + session.cookieValue()
                + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + DashboardSessions.LIFETIME.toSeconds()
                + (secure(req) ? "; Secure" : ""));
        if (form) {
            redirect(res, PREFIX + "/api");
            return;
        }
        ObjectNode body = Json.object();
        body.put("signed_in", true);
        body.put("csrf_token", session.csrfToken());
        body.put("expires_at", session.expires().toString());
        json(res, Status.OK_200, body);
    }

    private void signOut(ServerRequest req, ServerResponse res) {
        checkOrigin(req);
        Optional<DashboardSessions.Session> session = sessions.current(req);
        if (session.isPresent() && !DashboardSessions.csrfMatches(session.get(), req)) {
            throw ApiException.forbidden("invalid_csrf_token", "Missing or wrong "
                    + DashboardSessions.CSRF_HEADER + " header.");
        }
        sessions.end(req);
        res.header(HeaderNames.SET_COOKIE, DashboardSessions.COOKIE
                + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0" + (secure(req) ? "; Secure" : ""));
        json(res, Status.OK_200, Json.object().put("signed_in", false));
    }

    /** Refuses a cross-site state change: a browser's Origin header must name this host. */
    private static void checkOrigin(ServerRequest req) {
        Optional<String> origin = req.headers().first(HeaderNames.ORIGIN);
        if (origin.isEmpty()) {
            return;
        }
        String host = req.headers().first(HeaderNames.HOST).orElse("");
        String authority;
        try {
            authority = URI.create(origin.get()).getRawAuthority();
        } catch (IllegalArgumentException e) {
            authority = null;
        }
        if (authority == null || !authority.equalsIgnoreCase(host)) {
            throw ApiException.forbidden("cross_origin_request", "Cross-origin requests are refused.");
        }
    }

    private static boolean secure(ServerRequest req) {
        return req.isSecure() || req.headers().first(HeaderNames.X_FORWARDED_PROTO)
                .map(p -> p.strip().equalsIgnoreCase("https")).orElse(false);
    }

    private static String clientAddress(ServerRequest req) {
        SocketAddress address = req.remotePeer().address();
        if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }

    private static String jsonField(ServerRequest req, String field) {
        JsonNode node;
        try {
            node = Json.parse(body(req));
        } catch (Json.JsonParseFailure e) {
            throw ApiException.invalid(null, "The request body must be a JSON object with '" + field + "'");
        }
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw ApiException.invalid(field, "'" + field + "' is required");
        }
        return value.asText();
    }

    private static String formField(ServerRequest req, String field) {
        for (String pair : new String(body(req), StandardCharsets.UTF_8).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(field)) {
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (!value.isBlank()) {
                    return value;
                }
            }
        }
        throw ApiException.invalid(field, "'" + field + "' is required");
    }

    private static byte[] body(ServerRequest req) {
        if (!req.content().hasEntity()) {
            throw ApiException.invalid(null, "The request body is empty");
        }
        return req.content().as(byte[].class);
    }

    private Optional<byte[]> asset(String name) {
        byte[] cached = assets.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = DashboardService.class.getResourceAsStream("/dashboard/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            assets.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the headers every dashboard answer carries. */
    static void securityHeaders(ServerResponse res) {
        res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY);
        res.header(HeaderNames.create("X-Content-Type-Options"), "nosniff");
        res.header(HeaderNames.create("X-Frame-Options"), "DENY");
        res.header(HeaderNames.create("Referrer-Policy"), "no-referrer");
        res.header(HeaderNames.CACHE_CONTROL, "no-store");
    }

    private static void redirect(ServerResponse res, String location) {
        securityHeaders(res);
        res.status(Status.SEE_OTHER_303);
        res.header(HeaderNames.LOCATION, location);
        res.send();
    }

    private static void send(ServerResponse res, Status status, String type, byte[] body) {
        securityHeaders(res);
        res.status(status);
        res.header(HeaderNames.CONTENT_TYPE, type);
        res.send(body);
    }

    private static void json(ServerResponse res, Status status, ObjectNode body) {
        securityHeaders(res);
        JsonResponses.send(res, status, body);
    }

    private static Handler guarded(Handler handler) {
        return JsonResponses.guarded(handler, DashboardService::securityHeaders);
    }
}
