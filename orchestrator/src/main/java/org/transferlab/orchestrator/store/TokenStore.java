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

    private static final String COLUMNS = "id, name, role, token_hash, created_at, revoked_at";

    private final Database db;

    public TokenStore(Database db) {
        this.db = db;
    }

    public void insert(TokenRecord token) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO api_tokens (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, token.id());
                ps.setString(2, token.name());
                ps.setString(3, token.role());
                ps.setString(4, token.hash());
                ps.setTimestamp(5, Timestamp.from(token.createdAt()));
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
                rs.getTimestamp(5).toInstant(), revoked == null ? null : revoked.toInstant());
    }
}
