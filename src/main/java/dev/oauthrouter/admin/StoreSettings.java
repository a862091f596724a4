package dev.oauthrouter.admin;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the store needs from the configuration.
 *
 * @param jdbcUrl       database URL ({@code jdbc:h2:...} or {@code jdbc:postgresql:...})
 * @param user          database user, may be empty
 * @param password      database password, may be empty
 * @param poolSize      connection pool size
 * @param plans         monthly limit per plan (null or negative = unlimited); empty = default plans
 * @param masterKey     base64 master key from config or environment; empty = use {@code masterKeyFile}
 * @param masterKeyFile key file, generated with mode 0600 when missing (e.g. {@code data/master.key})
 * @param adminKey      admin API key; empty = admin API off
 */
public record StoreSettings(String jdbcUrl,
                            String user,
                            String password,
                            int poolSize,
                            Map<String, Long> plans,
                            String masterKey,
                            Path masterKeyFile,
                            String adminKey) {
    /** Copies the plans, keeping their order, and turns null strings into empty ones. */
    public StoreSettings {
        plans = Collections.unmodifiableMap(new LinkedHashMap<>(plans));
        user = user == null ? "" : user;
        password = password == null ? "" : password;
        masterKey = masterKey == null ? "" : masterKey;
        adminKey = adminKey == null ? "" : adminKey;
    }

    @Override
    public String toString() {
        // password, master key and admin key must never reach a log line
        return "StoreSettings[jdbcUrl=" + jdbcUrl + ", user=" + user + ", poolSize=" + poolSize
                + ", plans=" + plans.keySet() + ", masterKeyFile=" + masterKeyFile + "]";
    }
}
