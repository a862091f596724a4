package dev.oauthrouter.server;

import java.util.Optional;

import dev.oauthrouter.auth.TokenAuthenticator;
import dev.oauthrouter.auth.TokenPrincipal;
import dev.oauthrouter.error.ApiException;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;

/**
 * Requires {@code Authorization: Bearer lr_live_...} on {@code /v1/*} and registers the
 * {@link TokenPrincipal} in the request context. Other paths pass untouched.
 */
final class TokenFilter implements Filter {
    static final String PREFIX = "lr_live_";

    private final TokenAuthenticator authenticator;

    TokenFilter(TokenAuthenticator authenticator) {
        this.authenticator = authenticator;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        if (!req.path().path().startsWith("/v1/")) {
            chain.proceed();
            return;
        }
        TokenPrincipal principal;
        try {
            principal = authenticate(req.headers().first(HeaderNames.AUTHORIZATION));
        } catch (ApiException e) {
            ErrorResponses.send(res, e);
            return;
        }
        req.context().register(principal);
        req.context().get(RequestInfo.class).ifPresent(info -> info.tokenName = principal.name());
        chain.proceed();
    }

    private TokenPrincipal authenticate(Optional<String> header) {
        if (header.isEmpty() || header.get().isBlank()) {
            throw ApiException.unauthorized("missing_token", "Missing Authorization header. Send "
                    + "'Authorization: Bearer lr_live_...' with a router token (create one with "
                    + "'bin/oauthrouter token create --name NAME').");
        }
        String value = header.get().strip();
        if (value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("invalid_auth_scheme", "The Authorization header must use the Bearer "
                    + "scheme: 'Authorization: Bearer lr_live_...'.");
        }
        String secret = value.substring(7).strip();
        if (!secret.startsWith(PREFIX)) {
            throw ApiException.unauthorized("invalid_token", "This is not a router token: router tokens start with "
                    + "'lr_live_'. Provider API keys belong in the router's config, not in requests.");
        }
        return authenticator.authenticate(secret)
                .orElseThrow(() -> ApiException.unauthorized("invalid_token", "This router token is not valid: it is "
                        + "unknown, revoked or expired. Ask the router's owner for a valid token (owners: "
                        + "'bin/oauthrouter token list' shows each token's state; 'token reveal NAME' or "
                        + "'token regenerate NAME' gives its secret, as does /dashboard/api when enabled)."));
    }
}
