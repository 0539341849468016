package org.transferlab.orchestrator.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The {@code api_tokens} table: hashes of bearer tokens with their role, created and revoked by an admin. */
public final class TokenStore {

    private static final String COLUMNS = "id, name, role, token_hash, created_at, revoked_at, local_admin";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private final Database db;

    public TokenStore(Database db) {
        this.db = db;
    }

    public void insert(TokenRecord token) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (id, name, role, token_hash, created_at, local_admin) VALUES (?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.name());
                ps.setString(3, token.role());
                ps.setString(4, token.hash());
                ps.setTimestamp(5, Timestamp.from(token.createdAt()));
                ps.setBoolean(6, token.local());
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** Every token ever created, revoked ones included, oldest first. */
    public List<TokenRecord> all() {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens ORDER BY created_at, id");
                    ResultSet rs = ps.executeQuery()) {
                List<TokenRecord> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(read(rs));
                }
                return out;
            }
        });
    }

    public Optional<TokenRecord> byHash(String hash) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.empty();
                }
            }
        });
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
        return db.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE local_admin = TRUE AND revoked_at IS NULL AND token_hash <> ?")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, hash);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_tokens SET local_admin = TRUE, revoked_at = NULL, role = ? WHERE token_hash = ?")) {
                ps.setString(1, role);
                ps.setString(2, hash);
                if (ps.executeUpdate() == 0) {
                    try (PreparedStatement insert = c.prepareStatement("INSERT INTO api_tokens (id, name, role, token_hash, "
                            + "created_at, local_admin) VALUES (?, ?, ?, ?, ?, TRUE)")) {
                        insert.setString(1, newId());
                        insert.setString(2, name);
                        insert.setString(3, role);
                        insert.setString(4, hash);
                        insert.setTimestamp(5, Timestamp.from(at));
                        insert.executeUpdate();
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM api_tokens WHERE token_hash = ?")) {
                ps.setString(1, hash);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return read(rs);
                }
            }
        });
    }

    /** Marks a token revoked; false if there is no such active token. */
    public boolean revoke(String id, Instant at) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setString(2, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private static TokenRecord read(ResultSet rs) throws SQLException {
        Timestamp revoked = rs.getTimestamp(6);
        return new TokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4).strip(),
                rs.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant(), rs.getBoolean(7));
    }
}
