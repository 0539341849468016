package org.transferlab.orchestrator.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The {@code artifacts} table: metadata of each stored artifact (role, checksum, size). The bytes
 * live in the artifact directory under the same id ({@code artifact.ArtifactFiles}).
 */
public final class ArtifactStore {

    private static final String COLUMNS = "id, experiment_id, role, sha256, size_bytes, created_at";

    private final Database db;

    public ArtifactStore(Database db) {
        this.db = db;
    }

    public void insert(ArtifactRecord a) {
        db.update("INSERT INTO artifacts (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?)",
                a.id(), a.experimentId(), a.role(), a.sha256(), a.size(), a.createdAt());
    }

    public Optional<ArtifactRecord> find(String id) {
        return db.first("SELECT " + COLUMNS + " FROM artifacts WHERE id = ?", ArtifactStore::record, id);
    }

    /** An experiment's artifacts, oldest first. */
    public List<ArtifactRecord> ofExperiment(String experimentId) {
        return db.list("SELECT " + COLUMNS + " FROM artifacts WHERE experiment_id = ? ORDER BY created_at", ArtifactStore::record, experimentId);
    }

    private static ArtifactRecord record(ResultSet rs) throws SQLException {
        return new ArtifactRecord(rs.getString("id"), rs.getString("experiment_id"), rs.getString("role"), rs.getString("sha256"),
                rs.getLong("size_bytes"), Sql.instant(rs, "created_at"));
    }
}
