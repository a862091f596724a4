package dev.oauthrouter.credentials;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import dev.oauthrouter.json.Json;
import dev.oauthrouter.store.SealedColumn;
import dev.oauthrouter.store.SecretCipher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link CredentialStore} on the router database (H2 or PostgreSQL, table from migration V10), with
 * the secrets sealed by the master-key {@link SecretCipher}.
 */
public final class JdbcCredentialStore implements CredentialStore {
    /** The sealed column, for master key rotation ({@code MasterKeyRotation.reseal}). */
    public static final SealedColumn SEALED_COLUMN = new SealedColumn("provider_credentials", "id",
            "secrets", false);
    private static final String COLUMNS = "id, provider, name, kind, status, version, secrets, token_url,"
            + " client_id, scope, body_format, attributes, expires_at, last_refresh, last_error,"
                    + " cooldown_until";
    private static final int MAX_ERROR = 500;

    private final DataSource dataSource;
    private final SecretCipher cipher;
    private final Clock clock;

    private JdbcCredentialStore(DataSource dataSource, SecretCipher cipher, Clock clock) {
        this.dataSource = dataSource;
        this.cipher = cipher;
        this.clock = clock;
    }

    /**
     * Creates a store.
     *
     * @param dataSource the migrated router database
     * @param cipher     seals secrets with the master key
     * @param clock      source of created/updated times
     */
    public static JdbcCredentialStore create(DataSource dataSource, SecretCipher cipher, Clock clock) {
        return new JdbcCredentialStore(dataSource, cipher, clock);
    }

    @Override
    public Optional<StoredCredential> load(String id) {
        List<StoredCredential> rows = query("SELECT " + COLUMNS
                + " FROM provider_credentials WHERE id = ?", id);
        return rows.stream().findFirst();
    }

    @Override
    public Optional<StoredCredential> find(String provider, String name) {
        List<StoredCredential> rows = query("SELECT " + COLUMNS
                + " FROM provider_credentials WHERE provider = ? AND name = ?", provider, name);
        return rows.stream().findFirst();
    }

    @Override
    public List<StoredCredential> list() {
        return query("SELECT " + COLUMNS + " FROM provider_credentials ORDER BY provider, name");
    }

    @Override
    public List<StoredCredential> list(String provider) {
        return query("SELECT " + COLUMNS + " FROM provider_credentials WHERE provider = ? ORDER BY name",
                provider);
    }

    @Override
    public StoredCredential save(StoredCredential c) {
        long now = clock.millis();
        Optional<StoredCredential> existing = find(c.provider(), c.name());
        try (Connection con = dataSource.getConnection()) {
            if (existing.isPresent()) {
                StoredCredential old = existing.get();
                StoredCredential next = c.withId(old.id()).withVersion(old.version() + 1);
                try (PreparedStatement ps = con.prepareStatement("UPDATE provider_credentials SET kind = ?,"
                        + " status = ?, version = ?, secrets = ?, token_url = ?, client_id = ?, scope = ?,"
                        + " body_format = ?, attributes = ?, expires_at = ?, last_refresh = ?,"
                                + " last_error = ?,"
                        + " cooldown_until = NULL, claim_owner = NULL, claim_until = NULL, updated_at = ?"
                        + " WHERE id = ?")) {
                    int i = bindState(ps, next, 1);
                    ps.setLong(i++, now);
                    ps.setString(i, old.id());
                    ps.executeUpdate();
                }
                return next;
            }
            try (PreparedStatement ps = con.prepareStatement("INSERT INTO provider_credentials (id, provider,"
                    + " name, kind, status, version, secrets, token_url, client_id, scope, body_format,"
                    + " attributes, expires_at, last_refresh, last_error, created_at, updated_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, c.id());
                ps.setString(2, c.provider());
                ps.setString(3, c.name());
                int i = bindState(ps, c, 4);
                ps.setLong(i++, now);
                ps.setLong(i, now);
                ps.executeUpdate();
            }
            return c;
        } catch (SQLException e) {
            throw failure("save", e);
        }
    }

    @Override
    public boolean claim(String id, long expectedVersion, String owner, Instant now, Instant until) {
        return update("UPDATE provider_credentials SET claim_owner = ?, claim_until = ? WHERE id = ?"
                        + " AND version = ? AND (claim_owner IS NULL OR claim_owner = ? OR claim_until < ?)",
                owner, until.toEpochMilli(), id, expectedVersion, owner, now.toEpochMilli()) == 1;
    }

    @Override
    public boolean compareAndSet(StoredCredential next, long expectedVersion) {
        StoredCredential row = next.withVersion(expectedVersion + 1);
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement("UPDATE provider_credentials SET kind = ?,"
                     + " status = ?,"
                     + " version = ?, secrets = ?, token_url = ?, client_id = ?, scope = ?, body_format = ?,"
                     + " attributes = ?, expires_at = ?, last_refresh = ?, last_error = ?, claim_owner"
                             + " = NULL,"
                     + " claim_until = NULL, updated_at = ? WHERE id = ? AND version = ?")) {
            int i = bindState(ps, row, 1);
            ps.setLong(i++, clock.millis());
            ps.setString(i++, next.id());
            ps.setLong(i, expectedVersion);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw failure("token write", e);
        }
    }

    @Override
    public void release(String id, String owner, Optional<String> lastError) {
        if (lastError.isPresent()) {
            update("UPDATE provider_credentials SET claim_owner = NULL, claim_until = NULL, last_error = ?,"
                    + " updated_at = ? WHERE id = ? AND claim_owner = ?",
                    clip(lastError.get()), clock.millis(), id, owner);
        } else {
            update("UPDATE provider_credentials SET claim_owner = NULL, claim_until = NULL WHERE id = ?"
                    + " AND claim_owner = ?", id, owner);
        }
    }

    @Override
    public void cooldown(String id, Instant until, String lastError) {
        update("UPDATE provider_credentials SET cooldown_until = ?, last_error = ?, updated_at = ?"
                + " WHERE id = ?",
                until.toEpochMilli(), clip(lastError), clock.millis(), id);
    }

    @Override
    public boolean delete(String provider, String name) {
        return update("DELETE FROM provider_credentials WHERE provider = ? AND name = ?", provider,
                name) == 1;
    }

    private int bindState(PreparedStatement ps, StoredCredential c, int start) throws SQLException {
        int i = start;
        ps.setString(i++, c.kind().wire());
        ps.setString(i++, c.status().wire());
        ps.setLong(i++, c.version());
        ps.setBytes(i++, cipher.seal(sealSecrets(c.secrets())));
        ps.setString(i++, c.tokenUrl());
        ps.setString(i++, c.clientId());
        ps.setString(i++, c.scope());
        ps.setString(i++, c.bodyFormat().wire());
        ps.setString(i++, Json.string(c.attributes()));
        setTime(ps, i++, c.expiresAt());
        setTime(ps, i++, c.lastRefresh());
        if (c.lastError().isPresent()) {
            ps.setString(i++, clip(c.lastError().get()));
        } else {
            ps.setNull(i++, Types.VARCHAR);
        }
        return i;
    }

    private static void setTime(PreparedStatement ps, int index, Optional<Instant> time) throws SQLException {
        if (time.isPresent()) {
            ps.setLong(index, time.get().toEpochMilli());
        } else {
            ps.setNull(index, Types.BIGINT);
        }
    }

    private List<StoredCredential> query(String sql, Object... args) {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, args);
            List<StoredCredential> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(read(rs));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failure("read", e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection con = dataSource.getConnection();
             PreparedStatement ps = con.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw failure("write", e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private StoredCredential read(ResultSet rs) throws SQLException {
        Map<String, String> attributes = new LinkedHashMap<>();
        JsonNode attrs = Json.parse(rs.getString("attributes"));
        attrs.properties().forEach(e -> attributes.put(e.getKey(), e.getValue().asText()));
        return new StoredCredential(
                rs.getString("id"),
                rs.getString("provider"),
                rs.getString("name"),
                CredentialKind.parse(rs.getString("kind")),
                CredentialStatus.parse(rs.getString("status")),
                rs.getLong("version"),
                openSecrets(cipher.open(rs.getBytes("secrets"))),
                rs.getString("token_url"),
                rs.getString("client_id"),
                rs.getString("scope"),
                BodyFormat.parse(rs.getString("body_format")),
                attributes,
                time(rs, "expires_at"),
                time(rs, "last_refresh"),
                Optional.ofNullable(rs.getString("last_error")),
                time(rs, "cooldown_until"));
    }

    private static Optional<Instant> time(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(v));
    }

    private static byte[] sealSecrets(CredentialSecrets s) {
        ObjectNode n = Json.object();
        n.put("access_token", s.accessToken());
        n.put("refresh_token", s.refreshToken());
        n.put("client_secret", s.clientSecret());
        n.put("api_key", s.apiKey());
        return Json.string(n).getBytes(StandardCharsets.UTF_8);
    }

    private static CredentialSecrets openSecrets(byte[] plain) {
        JsonNode n = Json.parse(plain);
        return new CredentialSecrets(n.path("access_token").asText(""), n.path("refresh_token").asText(""),
                n.path("client_secret").asText(""), n.path("api_key").asText(""));
    }

    private static String clip(String s) {
        return s.length() <= MAX_ERROR ? s : s.substring(0, MAX_ERROR);
    }

    private static CredentialStoreException failure(String what, SQLException e) {
        // SQL messages carry statement text and values at most as placeholders; secrets are bound as
        // sealed bytes
        return new CredentialStoreException("credential store " + what + " failed: " + e.getSQLState(), e);
    }
}
