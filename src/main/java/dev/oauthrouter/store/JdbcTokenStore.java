package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Router tokens in {@code router_token}. Every change also bumps {@code token_epoch} in the same
 * transaction, which other routers poll to drop their cached tokens.
 */
public final class JdbcTokenStore {
    private static final String COLUMNS = "id, name, secret_hash, secret_sealed, plan, models, created_at, "
            + "last_used_at, expires_at, revoked_at";
    private static final String BUMP = "UPDATE token_epoch SET epoch = epoch + 1 WHERE id = 1";

    private final Database database;

    /** Creates the store. */
    public JdbcTokenStore(Database database) {
        this.database = database;
    }

    /**
     * Inserts a token.
     *
     * @return the new id
     * @throws NameTakenException when the name is in use
     */
    public long insert(String name, String secretHash, String secretSealed, String plan, List<String> models,
                       Instant createdAt, Optional<Instant> expiresAt) {
        String sql = "INSERT INTO router_token (name, secret_hash, secret_sealed, plan, models, created_at, "
                + "expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = database.connection()) {
            return Transactions.inTransaction(c, () -> {
                try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
                    ps.setString(1, name);
                    ps.setString(2, secretHash);
                    ps.setString(3, secretSealed);
                    ps.setString(4, plan);
                    ps.setString(5, String.join(",", models));
                    ps.setObject(6, odt(createdAt));
                    ps.setObject(7, expiresAt.map(JdbcTokenStore::odt).orElse(null));
                    ps.executeUpdate();
                    try (ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        long id = keys.getLong(1);
                        bump(c);
                        return id;
                    }
                }
            });
        } catch (SQLException e) {
            if ("23505".equals(e.getSQLState()) && byName(name).isPresent()) {
                throw new NameTakenException(name);
            }
            throw new StoreException("Cannot insert token", e);
        }
    }

    /** Returns the token with this secret hash, active or not. */
    public Optional<StoredToken> byHash(String secretHash) {
        return one("SELECT " + COLUMNS + " FROM router_token WHERE secret_hash = ?", secretHash);
    }

    /** Returns the token with this name. */
    public Optional<StoredToken> byName(String name) {
        return one("SELECT " + COLUMNS + " FROM router_token WHERE name = ?", name);
    }

    /** Returns all tokens ordered by name. */
    public List<StoredToken> all() {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS
                     + " FROM router_token ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            List<StoredToken> out = new ArrayList<>();
            while (rs.next()) {
                out.add(row(rs));
            }
            return out;
        } catch (SQLException e) {
            throw new StoreException("Cannot list tokens", e);
        }
    }

    /** Returns the number of tokens, revoked ones included. */
    public long count() {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM router_token")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("Cannot count tokens", e);
        }
    }

    /** Replaces the secret of a token; returns false when there is no such token. */
    public boolean replaceSecret(String name, String secretHash, String secretSealed) {
        return change("UPDATE router_token SET secret_hash = ?, secret_sealed = ? WHERE name = ?",
                secretHash, secretSealed, name);
    }

    /** Marks a token revoked (keeping the first revocation time); false when there is no such token. */
    public boolean revoke(String name, Instant at) {
        return change("UPDATE router_token SET revoked_at = COALESCE(revoked_at, ?) WHERE name = ?",
                odt(at), name);
    }

    /** Sets the plan; false when there is no such token. */
    public boolean changePlan(String name, String plan) {
        return change("UPDATE router_token SET plan = ? WHERE name = ?", plan, name);
    }

    /** Sets the model allowlist (empty = all); false when there is no such token. */
    public boolean changeModels(String name, List<String> models) {
        return change("UPDATE router_token SET models = ? WHERE name = ?", String.join(",", models), name);
    }

    /** Returns the change counter shared by all routers. */
    public long epoch() {
        try (Connection c = database.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT epoch FROM token_epoch WHERE id = 1")) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new StoreException("Cannot read token epoch", e);
        }
    }

    /** Records last-use times (only moving them forward). Does not bump the epoch. */
    public void touch(Map<Long, Instant> lastUsed) {
        if (lastUsed.isEmpty()) {
            return;
        }
        String sql = "UPDATE router_token SET last_used_at = ? WHERE id = ? "
                + "AND (last_used_at IS NULL OR last_used_at < ?)";
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (Map.Entry<Long, Instant> e : lastUsed.entrySet()) {
                OffsetDateTime at = odt(e.getValue());
                ps.setObject(1, at);
                ps.setLong(2, e.getKey());
                ps.setObject(3, at);
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new StoreException("Cannot record last use", e);
        }
    }

    /** Returns messages used per token id in a month ({@code yyyy-MM}). */
    public Map<Long, Long> usedIn(String monthKey) {
        try (Connection c = database.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT token_id, used FROM quota_usage WHERE month_key = ?")) {
            ps.setString(1, monthKey);
            try (ResultSet rs = ps.executeQuery()) {
                Map<Long, Long> out = new HashMap<>();
                while (rs.next()) {
                    out.put(rs.getLong(1), rs.getLong(2));
                }
                return out;
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read quota usage", e);
        }
    }

    private boolean change(String sql, Object... params) {
        try (Connection c = database.connection()) {
            return Transactions.inTransaction(c, () -> {
                int n;
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < params.length; i++) {
                        ps.setObject(i + 1, params[i]);
                    }
                    n = ps.executeUpdate();
                }
                if (n > 0) {
                    bump(c);
                }
                return n > 0;
            });
        } catch (SQLException e) {
            throw new StoreException("Cannot update token", e);
        }
    }

    private Optional<StoredToken> one(String sql, String param) {
        try (Connection c = database.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(row(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Cannot read token", e);
        }
    }

    private static void bump(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(BUMP);
        }
    }

    private static StoredToken row(ResultSet rs) throws SQLException {
        String models = rs.getString(6);
        return new StoredToken(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5),
                models == null || models.isEmpty() ? List.of() : Arrays.asList(models.split(",")),
                instant(rs, 7).orElseThrow(), instant(rs, 8), instant(rs, 9), instant(rs, 10));
    }

    private static Optional<Instant> instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? Optional.empty() : Optional.of(t.toInstant());
    }

    static OffsetDateTime odt(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
