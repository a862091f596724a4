package dev.oauthrouter.admin;

import io.helidon.webserver.http.ServerRequest;

/**
 * A second way into the admin API besides the admin key, e.g. the dashboard's session cookie.
 */
@FunctionalInterface
public interface AdminAuthorizer {
    /** Never authorizes. */
    AdminAuthorizer NONE = request -> false;

    /** Returns true when the request may use the admin API. */
    boolean authorized(ServerRequest request);
}
