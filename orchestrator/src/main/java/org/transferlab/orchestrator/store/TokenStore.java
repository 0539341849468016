package org.transferlab.orchestrator.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/** The {@code api_tokens} table: hashes of bearer tokens with their role, created and revoked by an admin. */
public final class TokenStore {

    private static final String COLUMNS = "id, name, role, token_hash, created_at, revoked_at, local_admin";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Database db;

    public TokenStore(Database db) {
        this.db = db;
    }

    public void insert(TokenRecord token) {
        db.update("INSERT INTO api_tokens (id, name, role, token_hash, created_at, local_admin) VALUES (?, ?, ?, ?, ?, ?)",
                token.id(), token.name(), token.role(), token.hash(), token.createdAt(), token.local());
    }

    /** Every token ever created, revoked ones included, oldest first. */
    public List<TokenRecord> all() {
        return db.list("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id", TokenStore::read);
    }

    /** A fresh token id: 12 random hex digits, independent of any secret. */
    public static String newId() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return "tok-" + java.util.HexFormat.of().formatHex(bytes);
    }

    /**
     * Makes the token with this hash the one active local token: every other local token is revoked
     * (it was the previous {@code api-token} or {@code TLAB_TOKEN}); a row with this hash is marked
     * local and active again, or inserted. One transaction, so a restart never leaves two or none.
     */
    public TokenRecord makeLocal(String hash, String name, String role, Instant at) {
        return db.inTransaction(sql -> {
            sql.update("UPDATE api_tokens SET revoked_at = ? WHERE local_admin = TRUE AND revoked_at IS NULL AND token_hash <> ?",
                    at, hash);
            if (sql.update("UPDATE api_tokens SET local_admin = TRUE, revoked_at = NULL, role = ? WHERE token_hash = ?", role, hash) == 0) {
                sql.update("INSERT INTO api_tokens (id, name, role, token_hash, created_at, local_admin) VALUES (?, ?, ?, ?, ?, TRUE)",
                        newId(), name, role, hash, at);
            }
            return sql.first("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?", TokenStore::read, hash).orElseThrow();
        });
    }

    /** Marks a token revoked; false if there is no such active token. */
    public boolean revoke(String id, Instant at) {
        return db.update("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1;
    }

    private static TokenRecord read(ResultSet rs) throws SQLException {
        return new TokenRecord(rs.getString("id"), rs.getString("name"), rs.getString("role"), rs.getString("token_hash").strip(),
                Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"), rs.getBoolean("local_admin"));
    }
}
