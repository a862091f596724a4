package dev.oauthrouter.dashboard;

import java.time.Clock;
import java.time.Duration;

import io.helidon.common.Weight;
import io.helidon.webserver.http.HttpFeature;
import io.helidon.webserver.http.HttpRouting;

import dev.oauthrouter.admin.AdminAuthorizer;
import dev.oauthrouter.providers.ProviderRegistry;

/**
 * The dashboard as one routing feature: the pages and session endpoints under {@code /dashboard} and
 * the provider status endpoints under {@code /admin/api/providers}. The latter are guarded by the admin
 * API's filter, which must be given {@link #sessions()} as its extra authorizer.
 *
 * <p>Set it up before the admin API: its catch-all would otherwise answer {@code /admin/api/providers}.
 * Added with {@code addFeature}, its weight already puts it before plain routing.
 */
@Weight(DashboardFeature.WEIGHT)
public final class DashboardFeature implements HttpFeature {
    /** The feature's weight: above routing (100) so these routes precede the admin API's. */
    public static final double WEIGHT = 150;

    private final DashboardSessions sessions;
    private final DashboardService dashboard;
    private final ProvidersService providers;

    private DashboardFeature(DashboardSessions sessions, DashboardService dashboard,
                             ProvidersService providers) {
        this.sessions = sessions;
        this.dashboard = dashboard;
        this.providers = providers;
    }

    /**
     * Creates the feature.
     *
     * @param adminKey    admin key from config; null or blank: the dashboard says the admin API is off
     * @param providers   configured providers
     * @param credentials credential status per provider, e.g. {@link CredentialSummary.Source#API_KEYS}
     * @param clock       clock for sessions and sign-in throttling
     */
    public static DashboardFeature create(String adminKey, ProviderRegistry providers,
                                          CredentialSummary.Source credentials, Clock clock) {
        DashboardSessions sessions = DashboardSessions.create(adminKey, clock);
        return new DashboardFeature(sessions, new DashboardService(sessions, new SignInThrottle(clock)),
                new ProvidersService(providers, credentials, Duration.ofSeconds(10)));
    }

    /** Returns the session authorizer to pass to the admin API's filter. */
    public AdminAuthorizer sessions() {
        return sessions;
    }

    @Override
    public void setup(HttpRouting.Builder routing) {
        routing.register(DashboardService.PREFIX, dashboard);
        routing.register(ProvidersService.PATH, providers);
    }
}
