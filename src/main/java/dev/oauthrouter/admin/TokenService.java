package dev.oauthrouter.admin;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import dev.oauthrouter.auth.TokenSecrets;
import dev.oauthrouter.error.ApiException;
import dev.oauthrouter.quota.MonthWindow;
import dev.oauthrouter.quota.Plans;
import dev.oauthrouter.store.Database;
import dev.oauthrouter.store.JdbcTokenStore;
import dev.oauthrouter.store.NameTakenException;
import dev.oauthrouter.store.SecretCipher;
import dev.oauthrouter.store.StoreException;
import dev.oauthrouter.store.StoredToken;
import dev.oauthrouter.usage.UsageReport;
import dev.oauthrouter.usage.UsageReports;

/**
 * Token administration used by the CLI and the admin API: create, list, reveal, regenerate, revoke,
 * change plan or model allowlist, and usage reports. Bad input raises a 400 {@link ApiException} naming
 * the field, an unknown token a 404, an unreachable database a 503.
 *
 * <p>Every change notifies the {@link #onChange(Runnable) listeners} (the local authenticator's cache)
 * and bumps the shared epoch that other routers poll.
 */
public final class TokenService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern MODEL = Pattern.compile("[^\\s,]{1,200}");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");

    private final JdbcTokenStore store;
    private final UsageReports reports;
    private final SecretCipher cipher;
    private final Plans plans;
    private final Clock clock;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /**
     * Creates the service.
     *
     * @param database database
     * @param cipher   master key cipher for the sealed copies
     * @param plans    configured plans
     * @param clock    clock (expiry, this month's usage)
     */
    public TokenService(Database database, SecretCipher cipher, Plans plans, Clock clock) {
        this.store = new JdbcTokenStore(database);
        this.reports = new UsageReports(database);
        this.cipher = cipher;
        this.plans = plans;
        this.clock = clock;
    }

    /** Registers a callback run after every change made through this service. */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** Returns the configured plans. */
    public Plans plans() {
        return plans;
    }

    /** Returns the number of tokens (revoked ones included). */
    public long count() {
        return guard(store::count);
    }

    /**
     * Creates a token.
     *
     * @throws ApiException 400 for a bad name, plan, expiry or model pattern; 409 when the name is taken
     */
    public IssuedToken create(TokenSpec spec) {
        String name = validName(spec.name());
        String plan = spec.plan().map(this::validPlan).orElse(plans.defaultPlan());
        Instant now = clock.instant();
        if (spec.expiresAt().isPresent() && !spec.expiresAt().get().isAfter(now)) {
            throw ApiException.invalid("expires_at", "expires_at must be in the future");
        }
        List<String> models = validModels(spec.models());
        String secret = TokenSecrets.generate();
        try {
            guard(() -> store.insert(name, TokenSecrets.hash(secret), seal(secret), plan, models, now,
                    spec.expiresAt()));
        } catch (NameTakenException e) {
            throw new ApiException(409, "invalid_request_error", "name_taken", "name", e.getMessage());
        }
        changed();
        return new IssuedToken(secret, view(name));
    }

    /** Returns all tokens ordered by name. */
    public List<TokenView> list() {
        return guard(() -> {
            Map<Long, Long> used = store.usedIn(currentMonth());
            List<TokenView> out = new ArrayList<>();
            for (StoredToken t : store.all()) {
                out.add(view(t, used.getOrDefault(t.id(), 0L)));
            }
            return out;
        });
    }

    /** Returns one token; 404 when unknown. */
    public TokenView view(String name) {
        StoredToken t = find(name);
        return view(t, guard(() -> store.usedIn(currentMonth())).getOrDefault(t.id(), 0L));
    }

    /** Returns the token's secret, opened from its sealed copy. */
    public String reveal(String name) {
        StoredToken t = find(name);
        return new String(cipher.open(Base64.getDecoder().decode(t.secretSealed())), StandardCharsets.UTF_8);
    }

    /** Gives the token a new secret (same name, plan and usage); the old one stops working at once. */
    public IssuedToken regenerate(String name) {
        find(name);
        String secret = TokenSecrets.generate();
        requireFound(name, guard(() -> store.replaceSecret(name, TokenSecrets.hash(secret), seal(secret))));
        changed();
        return new IssuedToken(secret, view(name));
    }

    /** Revokes the token; it stops working at once. Revoking twice is harmless. */
    public TokenView revoke(String name) {
        requireFound(name, guard(() -> store.revoke(name, clock.instant())));
        changed();
        return view(name);
    }

    /** Moves the token to another plan; the new limit applies to the next request. */
    public TokenView changePlan(String name, String plan) {
        String valid = validPlan(plan);
        requireFound(name, guard(() -> store.changePlan(name, valid)));
        changed();
        return view(name);
    }

    /** Replaces the token's model allowlist; an empty list allows every model. */
    public TokenView changeModels(String name, List<String> models) {
        List<String> valid = validModels(models);
        requireFound(name, guard(() -> store.changeModels(name, valid)));
        changed();
        return view(name);
    }

    /** Returns the usage report of a month ({@code yyyy-MM}) over all tokens. */
    public UsageReport usage(String month) {
        return guard(() -> reports.month(validMonth(month)));
    }

    /** Returns the usage report of a month for one token; 404 when the token is unknown. */
    public UsageReport usage(String month, String name) {
        String m = validMonth(month);
        StoredToken t = find(name);
        return guard(() -> reports.month(m, t.id()));
    }

    /** Returns the current month key ({@code yyyy-MM}, UTC). */
    public String currentMonth() {
        return MonthWindow.of(clock.instant()).key();
    }

    /**
     * Parses an expiry: a date ({@code 2027-01-31}, valid through that day, UTC) or an ISO-8601 instant
     * or offset date-time.
     *
     * @param text  the input
     * @param param the field name to report
     * @throws ApiException 400 naming the field when it cannot be parsed
     */
    public static Instant parseExpiry(String text, String param) {
        String t = text.strip();
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid(param, param + " must be a date (2027-01-31) or an ISO-8601 time "
                    + "(2027-01-31T12:00:00Z)");
        }
    }

    /** Splits a comma-separated model list, dropping blanks. */
    public static List<String> splitModels(String list) {
        List<String> out = new ArrayList<>();
        for (String part : list.split(",")) {
            if (!part.isBlank()) {
                out.add(part.strip());
            }
        }
        return out;
    }

    private String validName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.invalid("name",
                    "name must be 1-64 characters: letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        return name;
    }

    private String validPlan(String plan) {
        if (plan == null || !plans.exists(plan)) {
            throw ApiException.invalid("plan", "Unknown plan '" + plan + "'; configured plans: "
                    + String.join(", ", plans.all().keySet()));
        }
        return plan;
    }

    private static List<String> validModels(List<String> models) {
        for (String m : models) {
            if (m == null || !MODEL.matcher(m).matches()) {
                throw ApiException.invalid("models", "Each model must be 'provider/model' or a prefix "
                        + "ending in '*' (e.g. anthropic/*), without spaces or commas");
            }
        }
        if (String.join(",", models).length() > 4000) {
            throw ApiException.invalid("models", "The model allowlist is too long (4000 characters at most)");
        }
        return List.copyOf(models);
    }

    private static String validMonth(String month) {
        if (month == null || !MONTH.matcher(month).matches()) {
            throw ApiException.invalid("month", "month must be YYYY-MM");
        }
        try {
            return YearMonth.parse(month).toString();
        } catch (DateTimeParseException e) {
            throw ApiException.invalid("month", "month must be YYYY-MM");
        }
    }

    private StoredToken find(String name) {
        return guard(() -> store.byName(name)).orElseThrow(() -> notFound(name));
    }

    private static void requireFound(String name, boolean found) {
        if (!found) {
            throw notFound(name);
        }
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("No token named '" + name + "'");
    }

    private String seal(String secret) {
        return Base64.getEncoder().encodeToString(cipher.seal(secret.getBytes(StandardCharsets.UTF_8)));
    }

    private TokenView view(StoredToken t, long used) {
        Instant now = clock.instant();
        TokenState state = t.revokedAt().isPresent() ? TokenState.REVOKED
                : t.activeAt(now) ? TokenState.ACTIVE : TokenState.EXPIRED;
        OptionalLong limit = plans.limit(t.plan()).orElse(OptionalLong.of(0));
        return new TokenView(t.name(), t.plan(), limit, used, t.createdAt(), t.lastUsedAt(), t.expiresAt(),
                state, t.models());
    }

    private void changed() {
        listeners.forEach(Runnable::run);
    }

    private static <T> T guard(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (StoreException e) {
            throw ApiException.unavailable("store_unavailable",
                    "The token store is unavailable; try again shortly");
        }
    }
}
