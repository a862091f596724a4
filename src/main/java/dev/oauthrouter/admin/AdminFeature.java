package dev.oauthrouter.admin;

import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

/**
 * The admin API as one routing feature: the {@link AdminFilter} plus the {@link AdminService} under
 * {@code /admin/api}. Add it with {@code routing.addFeature(AdminFeature.create(...))}.
 */
public final class AdminFeature implements HttpFeature {
    private final AdminFilter filter;
    private final AdminService service;

    private AdminFeature(AdminFilter filter, AdminService service) {
        this.filter = filter;
        this.service = service;
    }

    /**
     * Creates the feature.
     *
     * @param adminKey admin key from config; null or blank turns the API off (404)
     * @param tokens   token service
     * @param extra    another authorizer (dashboard session), or {@link AdminAuthorizer#NONE}
     */
    public static AdminFeature create(String adminKey, TokenService tokens, AdminAuthorizer extra) {
        return new AdminFeature(new AdminFilter(adminKey, extra), new AdminService(tokens));
    }

    /** Creates the feature with the admin key as the only way in. */
    public static AdminFeature create(String adminKey, TokenService tokens) {
        return create(adminKey, tokens, AdminAuthorizer.NONE);
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.addFilter(filter);
        routing.register(AdminFilter.PREFIX, service);
    }
}
