package dev.oauthrouter.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Re-seals every sealed column under a new master key in one transaction: either every secret moves
 * to the new key or none does.
 *
 * <p>Procedure (what {@code oauthrouter keys rotate-master} does): open each secret with the old key,
 * seal it with the new one, commit, and only then install the new key (replace the key file, or print
 * it for the owner to put in the config or environment). Routers still running with the old key fail
 * to reveal secrets until restarted with the new key; authentication does not use sealed copies and
 * keeps working throughout.
 */
public final class MasterKeyRotation {
    private MasterKeyRotation() {
    }

    /**
     * Re-seals all rows of the columns.
     *
     * @param database the database
     * @param from     cipher with the current key
     * @param to       cipher with the new key
     * @param columns  sealed columns, e.g. {@link SealedColumn#ROUTER_TOKENS} plus OAuth credential columns
     * @return how many secrets were re-sealed
     * @throws StoreException when anything fails; nothing is changed then
     */
    public static int reseal(Database database, SecretCipher from, SecretCipher to,
            List<SealedColumn> columns) {
        try (Connection c = database.connection()) {
            return Transactions.inTransaction(c, () -> {
                int count = 0;
                for (SealedColumn column : columns) {
                    count += reseal(c, from, to, column);
                }
                return count;
            });
        } catch (SQLException e) {
            throw new StoreException("Re-sealing secrets failed; nothing was changed", e);
        }
    }

    private static int reseal(Connection c, SecretCipher from, SecretCipher to, SealedColumn col)
            throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        String select = "SELECT " + col.idColumn() + ", " + col.column() + " FROM " + col.table()
                + " WHERE " + col.column() + " IS NOT NULL FOR UPDATE";
        try (PreparedStatement ps = c.prepareStatement(select); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                byte[] sealed = col.base64() ? Base64.getDecoder().decode(rs.getString(2)) : rs.getBytes(2);
                rows.add(new Object[] {rs.getObject(1), sealed});
            }
        }
        String update = "UPDATE " + col.table() + " SET " + col.column() + " = ? WHERE " + col.idColumn()
                + " = ?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            for (Object[] row : rows) {
                byte[] resealed = to.seal(from.open((byte[]) row[1]));
                if (col.base64()) {
                    ps.setString(1, Base64.getEncoder().encodeToString(resealed));
                } else {
                    ps.setBytes(1, resealed);
                }
                ps.setObject(2, row[0]);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        return rows.size();
    }
}
