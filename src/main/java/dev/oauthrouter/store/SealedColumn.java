package dev.oauthrouter.store;

import java.util.regex.Pattern;

/**
 * A column holding secrets sealed with the master key, re-sealed by {@link MasterKeyRotation}.
 *
 * @param table    table name
 * @param idColumn primary key column (any type JDBC can read back and bind)
 * @param column   the sealed column; NULL values are skipped
 * @param base64   true when the blob is stored as base64 text, false for a binary column
 */
public record SealedColumn(String table, String idColumn, String column, boolean base64) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Checks that the names are plain SQL identifiers (they are spliced into statements). */
    public SealedColumn {
        for (String name : new String[] {table, idColumn, column}) {
            if (name == null || !IDENTIFIER.matcher(name).matches()) {
                throw new IllegalArgumentException("not a plain SQL identifier: " + name);
            }
        }
    }

    /** The router tokens' sealed copies. */
    public static final SealedColumn ROUTER_TOKENS = new SealedColumn("router_token", "id", "secret_sealed",
            true);
}
