package dev.oauthrouter.oauth;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import dev.oauthrouter.config.ConfigException;

/**
 * The {@code oauth:} section of the config: the owner's OAuth client per login provider, endpoint
 * overrides, refresh leads and the token manager's scan interval.
 *
 * <pre>
 * oauth:
 *   scan_interval: 15s
 *   gemini:   { client_id: "...apps.googleusercontent.com", client_secret: "${GOOGLE_OAUTH_SECRET:-}" }
 *   github:   { client_id: "Ov23...", refresh_lead: 5m }
 *   openrouter: {}
 * </pre>
 * Per provider: {@code client_id}, {@code client_secret}, {@code scope}, {@code refresh_lead},
 * {@code authorize_url}, {@code token_url}, {@code device_url}.
 *
 * @param providers login configuration per provider (always contains openrouter, gemini, github)
 * @param manager   token manager tuning, with each provider's refresh lead
 */
public record OAuthSettings(Map<String, OAuthProviderConfig> providers, TokenManagerSettings manager) {
    private static final Set<String> TOP = Set.of("scan_interval");
    private static final Set<String> PROVIDER_KEYS = Set.of("client_id", "client_secret", "scope",
            "refresh_lead",
            "authorize_url", "token_url", "device_url");

    /** Copies the map. */
    public OAuthSettings {
        providers = Map.copyOf(providers);
    }

    /** Returns the defaults: documented endpoints, no client ids (gemini and github logins then explain). */
    public static OAuthSettings defaults() {
        return parse(Map.of());
    }

    /**
     * Parses the section (a YAML map with snake_case keys; values already env-expanded).
     *
     * @throws ConfigException naming the offending key
     */
    public static OAuthSettings parse(Map<String, Object> oauth) {
        Map<String, OAuthProviderConfig> out = new LinkedHashMap<>();
        out.put("openrouter", OAuthProviderConfig.openrouter());
        out.put("gemini", OAuthProviderConfig.gemini("", ""));
        out.put("github", OAuthProviderConfig.github(""));
        Duration scan = Duration.ofSeconds(15);
        Map<String, Duration> leads = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : oauth.entrySet()) {
            String key = e.getKey();
            if (TOP.contains(key)) {
                scan = duration(e.getValue(), "oauth." + key);
                continue;
            }
            OAuthProviderConfig base = out.get(key);
            if (base == null) {
                base = new OAuthProviderConfig(key, "", "", "", "", "", "", Duration.ofMinutes(5));
            }
            if (!(e.getValue() instanceof Map<?, ?> raw)) {
                if (e.getValue() == null) {
                    continue;
                }
                throw new ConfigException("oauth." + key, "must be a map of client settings");
            }
            Map<String, Object> m = new LinkedHashMap<>();
            raw.forEach((k, v) -> m.put(String.valueOf(k), v));
            for (String k : m.keySet()) {
                if (!PROVIDER_KEYS.contains(k)) {
                    throw new ConfigException("oauth." + key + "." + k, "unknown key; known: "
                            + List.copyOf(PROVIDER_KEYS));
                }
            }
            String path = "oauth." + key + ".";
            OAuthProviderConfig cfg = new OAuthProviderConfig(key,
                    url(m, "authorize_url", base.authorizeUrl(), path),
                    url(m, "token_url", base.tokenUrl(), path),
                    url(m, "device_url", base.deviceUrl(), path),
                    string(m, "client_id", base.clientId()),
                    string(m, "client_secret", base.clientSecret()),
                    string(m, "scope", base.scope()),
                    m.containsKey("refresh_lead") ? duration(m.get("refresh_lead"), path + "refresh_lead")
                            : base.refreshLead());
            out.put(key, cfg);
        }
        out.values().forEach(c -> leads.put(c.provider(), c.refreshLead()));
        TokenManagerSettings d = TokenManagerSettings.defaults();
        TokenManagerSettings manager = new TokenManagerSettings(d.defaultLead(), leads, scan, d.claimLease(),
                d.claimPoll(), d.backoffBase(), d.backoffMax(), d.reloadInterval());
        return new OAuthSettings(out, manager);
    }

    private static String string(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        return v == null ? fallback : String.valueOf(v).trim();
    }

    private static String url(Map<String, Object> m, String key, String fallback, String path) {
        String v = string(m, key, fallback);
        if (!v.isEmpty() && !v.startsWith("https://") && !v.startsWith("http://127.0.0.1")
                && !v.startsWith("http://localhost")) {
            throw new ConfigException(path + key, "must be an https:// URL (plain http only on localhost)");
        }
        return v;
    }

    /** Parses {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT5M}). */
    static Duration duration(Object value, String path) {
        String v = String.valueOf(value).trim().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt")) {
                return Duration.parse(v.toUpperCase(Locale.ROOT));
            }
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).trim()));
            }
            long n = Long.parseLong(v.substring(0, v.length() - 1).trim());
            return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new ConfigException(path, "not a duration (use e.g. 30s, 5m, 1h): " + value);
        }
    }
}
