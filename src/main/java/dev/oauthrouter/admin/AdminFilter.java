package dev.oauthrouter.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

import dev.oauthrouter.error.ApiException;

/**
 * Guards {@code /admin/api/}: requires {@code Authorization: Bearer <admin key>} (compared in constant
 * time) or the extra {@link AdminAuthorizer}. Without a configured admin key the whole API answers 404;
 * a missing or wrong key gets 401 in the error envelope. Other paths pass untouched.
 */
public final class AdminFilter implements Filter {
    /** The admin API's path prefix. */
    public static final String PREFIX = "/admin/api";

    private final byte[] keyDigest;
    private final AdminAuthorizer extra;

    /**
     * Creates the filter.
     *
     * @param adminKey the admin key; null or blank turns the admin API off
     * @param extra    another way to authorize (e.g. dashboard session), {@link AdminAuthorizer#NONE} if none
     */
    public AdminFilter(String adminKey, AdminAuthorizer extra) {
        this.keyDigest = adminKey == null || adminKey.isBlank() ? null : sha256(adminKey);
        this.extra = extra;
    }

    /** Returns true when an admin key is configured. */
    public boolean enabled() {
        return keyDigest != null;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        String path = req.path().path();
        if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
            chain.proceed();
            return;
        }
        if (keyDigest == null) {
            send(res, ApiException.notFound("Not found: the admin API is off (no admin key is configured)"));
            return;
        }
        if (keyMatches(req.headers().first(HeaderNames.AUTHORIZATION).orElse(null))
                || extra.authorized(req)) {
            chain.proceed();
            return;
        }
        res.header(HeaderNames.WWW_AUTHENTICATE, "Bearer");
        send(res, ApiException.unauthorized("invalid_admin_key",
                "Missing or wrong admin key: send Authorization: Bearer <admin key>"));
    }

    private boolean keyMatches(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        // comparing fixed-length digests keeps the time independent of the key's length and content
        return MessageDigest.isEqual(keyDigest, sha256(authorization.substring(7).strip()));
    }

    static void send(RoutingResponse res, ApiException e) {
        res.status(Status.create(e.status()));
        res.header(HeaderValues.CONTENT_TYPE_JSON);
        e.headers().forEach((k, v) -> res.header(HeaderNames.create(k), v));
        res.send(e.body());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
