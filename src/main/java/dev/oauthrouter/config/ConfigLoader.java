package dev.oauthrouter.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.oauthrouter.oauth.OAuthSettings;
import dev.oauthrouter.providers.ProviderCatalog;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads and validates the YAML configuration.
 *
 * <p>{@code ${VAR}} and {@code ${VAR:-default}} in values are replaced from the environment. Any unknown
 * key, wrong type or malformed URL is a {@link ConfigException} naming the key path. A provider whose
 * API key resolves empty is left out (not configured), except {@code openai-compatible} entries, which
 * may have no key.
 */
public final class ConfigLoader {
    /** Default largest request body: 10 MiB. */
    public static final long DEFAULT_MAX_BODY = 10L * 1024 * 1024;

    private static final Pattern VAR = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
    private static final Set<String> TOP = Set.of("server", "database", "upstream", "providers", "plans", "admin",
            "security", "data_dir", "oauth");
    private static final Set<String> PROVIDER_KEYS = Set.of("type", "api_key", "base_url", "account_id", "models",
            "headers", "credentials");
    private static final Map<String, OptionalLong> DEFAULT_PLANS = defaultPlans();

    private final UnaryOperator<String> env;

    private ConfigLoader(UnaryOperator<String> env) {
        this.env = env;
    }

    /** Returns a loader that substitutes from the process environment. */
    public static ConfigLoader create() {
        return new ConfigLoader(System::getenv);
    }

    /** Returns a loader that substitutes from the given lookup (tests). */
    public static ConfigLoader create(UnaryOperator<String> env) {
        return new ConfigLoader(env);
    }

    /** Returns the built-in plans: free 100, starter 1000, pro 5000, enterprise unlimited. */
    public static Map<String, OptionalLong> defaultPlans() {
        Map<String, OptionalLong> plans = new LinkedHashMap<>();
        plans.put("free", OptionalLong.of(100));
        plans.put("starter", OptionalLong.of(1000));
        plans.put("pro", OptionalLong.of(5000));
        plans.put("enterprise", OptionalLong.empty());
        return plans;
    }

    /**
     * Loads a file.
     *
     * @throws ConfigException when the file is missing, not YAML or invalid
     */
    public RouterConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("", "cannot read config file " + file + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        return parse(text);
    }

    /**
     * Parses YAML text.
     *
     * @throws ConfigException when the text is not YAML or invalid
     */
    public RouterConfig parse(String yamlText) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (MarkedYAMLException e) {
            throw new ConfigException("", "not valid YAML at line " + (e.getProblemMark().getLine() + 1) + ": "
                    + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException("", "not valid YAML: " + e.getMessage());
        }
        Map<String, Object> top = root == null ? Map.of() : map(root, "");
        checkKeys(top, "", TOP);

        Map<String, Object> server = optionalMap(top, "server");
        checkKeys(server, "server", Set.of("host", "port", "max_body_size"));
        RouterConfig.Server serverCfg = new RouterConfig.Server(
                string(server, "server.host", "0.0.0.0"),
                port(server.get("port"), "server.port"),
                size(server.get("max_body_size"), "server.max_body_size", DEFAULT_MAX_BODY));

        Map<String, Object> db = optionalMap(top, "database");
        checkKeys(db, "database", Set.of("url", "user", "password", "pool_size"));
        String url = string(db, "database.url", "jdbc:h2:file:./data/oauthrouter");
        if (!url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("database.url", "must start with jdbc:h2: or jdbc:postgresql:, got '"
                    + url + "'");
        }
        RouterConfig.Database dbCfg = new RouterConfig.Database(url,
                string(db, "database.user", url.startsWith("jdbc:h2:") ? "sa" : ""),
                string(db, "database.password", ""),
                positiveInt(db.get("pool_size"), "database.pool_size", 10));

        Map<String, Object> upstream = optionalMap(top, "upstream");
        checkKeys(upstream, "upstream", Set.of("connect_timeout", "first_byte_timeout"));
        RouterConfig.Upstream upstreamCfg = new RouterConfig.Upstream(
                duration(upstream.get("connect_timeout"), "upstream.connect_timeout", Duration.ofSeconds(10)),
                duration(upstream.get("first_byte_timeout"), "upstream.first_byte_timeout", Duration.ofSeconds(300)));

        Map<String, Object> admin = optionalMap(top, "admin");
        checkKeys(admin, "admin", Set.of("key"));
        Map<String, Object> security = optionalMap(top, "security");
        checkKeys(security, "security", Set.of("master_key"));

        Map<String, ProviderSettings> keyless = new LinkedHashMap<>();
        Map<String, ProviderSettings> providers = providers(optionalMap(top, "providers"), keyless);
        @SuppressWarnings("unchecked")
        Map<String, Object> oauth = (Map<String, Object>) substituteTree(optionalMap(top, "oauth"), "oauth");
        return new RouterConfig(serverCfg, dbCfg, upstreamCfg, providers, keyless,
                plans(top.get("plans")),
                string(admin, "admin.key", ""),
                string(security, "security.master_key", ""),
                Path.of(string(top, "data_dir", "./data")),
                OAuthSettings.parse(oauth));
    }

    private Map<String, ProviderSettings> providers(Map<String, Object> raw, Map<String, ProviderSettings> keyless) {
        Map<String, ProviderSettings> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : raw.entrySet()) {
            String name = e.getKey();
            String path = "providers." + name;
            if (!name.matches("[a-z0-9][a-z0-9._-]*")) {
                throw new ConfigException(path, "provider names use lower-case letters, digits, '.', '_' and '-'");
            }
            Map<String, Object> p = e.getValue() == null ? Map.of() : map(e.getValue(), path);
            checkKeys(p, path, PROVIDER_KEYS);
            String type = string(p, path + ".type", name);
            if (!type.equals("openai-compatible") && ProviderCatalog.find(type).isEmpty()) {
                throw new ConfigException(path + ".type", "unknown provider type '" + type + "'; known: "
                        + String.join(", ", ProviderCatalog.names()) + ", openai-compatible");
            }
            String key = string(p, path + ".api_key", "");
            Optional<URI> baseUrl = p.containsKey("base_url")
                    ? Optional.of(url(string(p, path + ".base_url", ""), path + ".base_url"))
                    : Optional.empty();
            if (type.equals("openai-compatible") && baseUrl.isEmpty()) {
                throw new ConfigException(path + ".base_url", "required for type openai-compatible");
            }
            List<String> creds = stringList(p.get("credentials"), path + ".credentials");
            String accountId = string(p, path + ".account_id", "");
            boolean configured = !key.isEmpty() || !creds.isEmpty() || type.equals("openai-compatible");
            ProviderSettings settings = new ProviderSettings(name, type, key, baseUrl, accountId,
                    stringList(p.get("models"), path + ".models"),
                    stringMap(p.get("headers"), path + ".headers"),
                    creds);
            if (!configured) {
                keyless.put(name, settings);
                continue;
            }
            if (type.equals("cloudflare-ai") && accountId.isEmpty() && baseUrl.isEmpty()) {
                throw new ConfigException(path + ".account_id", "required for cloudflare-ai (the account id in the "
                        + "Cloudflare dashboard URL)");
            }
            out.put(name, settings);
        }
        return out;
    }

    private Map<String, OptionalLong> plans(Object raw) {
        if (raw == null) {
            return DEFAULT_PLANS;
        }
        Map<String, Object> m = map(raw, "plans");
        if (m.isEmpty()) {
            throw new ConfigException("plans", "must name at least one plan");
        }
        Map<String, OptionalLong> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            String path = "plans." + e.getKey();
            Object v = e.getValue() instanceof String s ? substitute(s, path) : e.getValue();
            if (v instanceof String s && (s.equalsIgnoreCase("unlimited") || s.isEmpty())) {
                out.put(e.getKey(), OptionalLong.empty());
            } else if (v instanceof Number n && n.longValue() >= 0 && !(v instanceof Double)) {
                out.put(e.getKey(), OptionalLong.of(n.longValue()));
            } else if (v instanceof String s && s.matches("\\d+")) {
                out.put(e.getKey(), OptionalLong.of(Long.parseLong(s)));
            } else {
                throw new ConfigException(path, "must be a whole number of messages per month or 'unlimited'");
            }
        }
        return out;
    }

    private void checkKeys(Map<String, Object> m, String path, Set<String> allowed) {
        for (String k : m.keySet()) {
            if (!allowed.contains(k)) {
                String full = path.isEmpty() ? k : path + "." + k;
                throw new ConfigException(full, "unknown key; allowed here: " + String.join(", ", allowed.stream()
                        .sorted().toList()));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object v, String path) {
        if (!(v instanceof Map<?, ?> m)) {
            throw new ConfigException(path, "must be a mapping, got " + typeName(v));
        }
        for (Object k : m.keySet()) {
            if (!(k instanceof String)) {
                throw new ConfigException(path, "keys must be strings, got " + k);
            }
        }
        return (Map<String, Object>) m;
    }

    private static Map<String, Object> optionalMap(Map<String, Object> parent, String key) {
        Object v = parent.get(key);
        return v == null ? Map.of() : map(v, key);
    }

    private String string(Map<String, Object> m, String path, String dflt) {
        String key = path.substring(path.lastIndexOf('.') + 1);
        Object v = m.get(key);
        if (v == null) {
            return dflt;
        }
        if (v instanceof String s) {
            return substitute(s, path);
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        throw new ConfigException(path, "must be a string, got " + typeName(v));
    }

    private List<String> stringList(Object v, String path) {
        if (v == null) {
            return List.of();
        }
        if (!(v instanceof List<?> list)) {
            throw new ConfigException(path, "must be a list, got " + typeName(v));
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (!(item instanceof String || item instanceof Number)) {
                throw new ConfigException(path + "[" + i + "]", "must be a string, got " + typeName(item));
            }
            String s = substitute(item.toString(), path + "[" + i + "]");
            if (!s.isBlank()) {
                out.add(s);
            }
        }
        return out;
    }

    private Map<String, String> stringMap(Object v, String path) {
        if (v == null) {
            return Map.of();
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : map(v, path).entrySet()) {
            out.put(e.getKey(), string(Map.of(e.getKey(), e.getValue()), path + "." + e.getKey(), ""));
        }
        return out;
    }

    private String substitute(String s, String path) {
        if (s.indexOf('$') < 0) {
            return s;
        }
        Matcher m = VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null || value.isEmpty()) {
                value = m.group(2) == null ? "" : m.group(2);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (out.indexOf("${") >= 0) {
            throw new ConfigException(path, "malformed ${...} reference; use ${NAME} or ${NAME:-default}");
        }
        return out.toString();
    }

    /** Substitutes environment references in every string of a YAML subtree. */
    private Object substituteTree(Object v, String path) {
        if (v instanceof String s) {
            return substitute(s, path);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, value) -> out.put(String.valueOf(k), substituteTree(value, path + "." + k)));
            return out;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(substituteTree(list.get(i), path + "[" + i + "]"));
            }
            return out;
        }
        return v;
    }

    private int port(Object v, String path) {
        long n = number(v, path, 8080);
        if (n < 0 || n > 65535) {
            throw new ConfigException(path, "must be a port number 0-65535, got " + n);
        }
        return (int) n;
    }

    private int positiveInt(Object v, String path, int dflt) {
        long n = number(v, path, dflt);
        if (n < 1 || n > 10_000) {
            throw new ConfigException(path, "must be a positive whole number, got " + n);
        }
        return (int) n;
    }

    private long number(Object v, String path, long dflt) {
        if (v == null) {
            return dflt;
        }
        Object value = v instanceof String s ? substitute(s, path) : v;
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        if (value instanceof String s && s.matches("-?\\d+")) {
            return Long.parseLong(s);
        }
        throw new ConfigException(path, "must be a whole number, got " + typeName(value) + " '" + value + "'");
    }

    private long size(Object v, String path, long dflt) {
        if (v == null) {
            return dflt;
        }
        Object value = v instanceof String s ? substitute(s, path) : v;
        if (value instanceof Integer || value instanceof Long) {
            long n = ((Number) value).longValue();
            if (n > 0) {
                return n;
            }
        }
        if (value instanceof String s) {
            Matcher m = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?")
                    .matcher(s.trim().toLowerCase(Locale.ROOT));
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "b" : m.group(2);
                long mult = switch (unit) {
                case "kb" -> 1000L;
                case "kib" -> 1024L;
                case "mb" -> 1000L * 1000;
                case "mib" -> 1024L * 1024;
                case "gb" -> 1000L * 1000 * 1000;
                case "gib" -> 1024L * 1024 * 1024;
                default -> 1L;
                };
                if (n > 0) {
                    return n * mult;
                }
            }
        }
        throw new ConfigException(path, "must be a positive size such as 10485760 or 10MiB, got '" + value + "'");
    }

    private Duration duration(Object v, String path, Duration dflt) {
        if (v == null) {
            return dflt;
        }
        Object value = v instanceof String s ? substitute(s, path) : v;
        if (value instanceof Integer || value instanceof Long) {
            long seconds = ((Number) value).longValue();
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        }
        if (value instanceof String s) {
            String t = s.trim().toLowerCase(Locale.ROOT);
            Matcher m = Pattern.compile("(\\d+)(ms|s|m|h)").matcher(t);
            if (m.matches() && Long.parseLong(m.group(1)) > 0) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
                };
            }
            try {
                Duration d = Duration.parse(s.trim());
                if (!d.isNegative() && !d.isZero()) {
                    return d;
                }
            } catch (DateTimeParseException ignored) {
                // reported below
            }
        }
        throw new ConfigException(path, "must be a positive duration such as 10s, 500ms, 5m or PT10S, got '"
                + value + "'");
    }

    private static URI url(String s, String path) {
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme();
            if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw new ConfigException(path, "must be an http:// or https:// URL with a host, got '" + s + "'");
            }
            if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
                throw new ConfigException(path, "must not have a query or fragment (secrets never go in URLs)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new ConfigException(path, "malformed URL '" + s + "': " + e.getReason());
        }
    }

    private static String typeName(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map) {
            return "a mapping";
        }
        if (v instanceof List) {
            return "a list";
        }
        if (v instanceof Boolean) {
            return "a boolean";
        }
        if (v instanceof Number) {
            return "a number";
        }
        return "a string";
    }
}
