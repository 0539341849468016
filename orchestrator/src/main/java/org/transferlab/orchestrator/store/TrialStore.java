package org.transferlab.orchestrator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/**
 * The {@code trials} table: each trial's parameters, status, slot, attempt counters, checkpoint,
 * latest metrics, held-out test metrics, a transferability stage's scores and the artifacts it read and published. Attempts are counted here, so retries
 * survive an orchestrator restart.
 */
public final class TrialStore {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> ARTIFACTS = new TypeReference<>() {};
    private static final TypeReference<List<CandidateScore>> SCORES = new TypeReference<>() {};

    /** A trial's failed attempts so far, and how many of them were lost with their worker. */
    public record FailureCount(int failures, int lost) {}

    private final Database db;

    public TrialStore(Database db) {
        this.db = db;
    }

    /** Records a queued trial with the searcher proposal it runs (or null) and the artifacts it will read. */
    public void insert(String id, String experimentId, int number, TrialStage stage, Map<String, Object> params,
            Integer configuration, Map<String, String> inputs) {
        db.update("""
                INSERT INTO trials (id, experiment_id, number, stage, status, params_json, configuration, inputs_json)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                id, experimentId, number, stage.wire(), TrialStatus.QUEUED.name(), Json.write(params), configuration, Json.write(inputs));
    }

    public List<TrialView> ofExperiment(String experimentId) {
        return db.list("SELECT * FROM trials WHERE experiment_id = ? ORDER BY number", TrialStore::view, experimentId);
    }

    public Optional<TrialView> find(String trialId) {
        return db.first("SELECT * FROM trials WHERE id = ?", TrialStore::view, trialId);
    }

    /**
     * Records, before a slot is given the work, that a queued trial's attempt is handed to that
     * slot: from here on a crash of the whole lab finds the trial RUNNING on restore and counts the
     * attempt as lost. Returns false (and changes nothing) when the trial is no longer queued.
     */
    public boolean markAttemptHanded(String trialId, String slot) {
        return db.update("""
                UPDATE trials SET status = 'RUNNING', slot = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'QUEUED'""", slot, Instant.now(), trialId) == 1;
    }

    public void markStarted(String trialId, String slot) {
        db.update("""
                UPDATE trials SET status = 'RUNNING', slot = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?) WHERE id = ?""", slot, Instant.now(), trialId);
    }

    /** Puts a trial back in the queue (its slot died or the orchestrator restarted). */
    public void markQueued(String trialId) {
        updateStatus(trialId, TrialStatus.QUEUED, null);
    }

    /** Marks a started trial paused: it continues from its last checkpoint when its experiment resumes. */
    public void markPaused(String trialId) {
        updateStatus(trialId, TrialStatus.PAUSED, "paused with its experiment");
    }

    /**
     * Marks a trial finished with the artifacts it published (null: those recorded stay);
     * {@code checkpoint} (null: the last one stays) is what a later stage resumes or loads.
     */
    public void markFinished(String trialId, TrialStatus status, Double objective, Map<String, String> outputs,
            String checkpoint, String message) {
        db.update("""
                UPDATE trials SET status = ?, objective = ?, checkpoint = COALESCE(?, checkpoint), message = ?,
                    finished_at = ?, outputs_json = COALESCE(?, outputs_json) WHERE id = ?""",
                status.name(), objective, checkpoint, message, Instant.now(), outputs == null ? null : Json.write(outputs), trialId);
    }

    /**
     * Records a finished trial's held-out test metrics (measured once, on the test split); they are
     * shown beside the objective and read by no selection path. Nothing is written for none.
     */
    public void recordTestMetrics(String trialId, Map<String, Double> testMetrics) {
        if (testMetrics == null || testMetrics.isEmpty()) {
            return;
        }
        db.update("UPDATE trials SET test_metrics_json = ? WHERE id = ?", Json.write(testMetrics), trialId);
    }

    /**
     * Merges a finished trial's final metrics over its last epoch's in {@code last_metrics_json}:
     * what a result adds that no epoch reported ({@code params}, {@code inference_ms}, a stage's
     * extra metrics) is stored where views and a restore read the trial's metrics. Called after
     * the trial's epochs are flushed, so no later epoch row overwrites it; writes nothing when the
     * result adds nothing.
     */
    public void recordFinalMetrics(String trialId, Map<String, Double> finalMetrics) {
        if (finalMetrics == null || finalMetrics.isEmpty()) {
            return;
        }
        Map<String, Double> last = db.first("SELECT last_metrics_json FROM trials WHERE id = ?",
                rs -> Sql.json(rs, "last_metrics_json", METRICS), trialId).orElse(null);
        Map<String, Double> merged = new java.util.TreeMap<>(last == null ? Map.of() : last);
        merged.putAll(finalMetrics);
        if (!merged.equals(last == null ? Map.of() : new java.util.TreeMap<>(last))) {
            db.update("UPDATE trials SET last_metrics_json = ? WHERE id = ?", Json.write(merged), trialId);
        }
    }

    /**
     * Records the candidates a transferability stage scored, as it returned them; the ranking and
     * pruning are worked out from them and the spec wherever they are shown. Nothing is written for none.
     */
    public void recordTransferability(String trialId, List<CandidateScore> scores) {
        if (scores == null || scores.isEmpty()) {
            return;
        }
        db.update("UPDATE trials SET transferability_json = ? WHERE id = ?", Json.write(scores), trialId);
    }

    /** The candidates a transferability stage scored, in the order it scored them; empty before it finished. */
    public List<CandidateScore> transferability(String trialId) {
        return db.first("SELECT transferability_json FROM trials WHERE id = ?", rs -> Sql.json(rs, "transferability_json", SCORES),
                trialId).filter(Objects::nonNull).orElse(List.of());
    }

    /** Counts one failed attempt of a trial (retries survive an orchestrator restart); returns the new count. */
    public int recordFailure(String trialId, String error) {
        return countAttempt(trialId, error, false).failures();
    }

    /**
     * Counts one attempt lost with its worker (its slot left the cluster, or the lab process died
     * while it ran): a failure like any other for {@code limits.maxRetries}, remembered apart so the
     * trial can say why it ended.
     */
    public FailureCount recordLostAttempt(String trialId, String reason) {
        return countAttempt(trialId, reason, true);
    }

    private FailureCount countAttempt(String trialId, String message, boolean lost) {
        return db.inTransaction(sql -> {
            sql.update("UPDATE trials SET failures = failures + 1" + (lost ? ", lost = lost + 1" : "")
                    + ", message = ? WHERE id = ?", message, trialId);
            return sql.first("SELECT failures, lost FROM trials WHERE id = ?",
                    rs -> new FailureCount(rs.getInt("failures"), rs.getInt("lost")), trialId)
                    .orElseThrow(() -> new SQLException("trial " + trialId + " is not in the store"));
        });
    }

    /** Remembers the latest resumable checkpoint of a running trial. */
    public void recordCheckpoint(String trialId, String artifactId) {
        db.update("UPDATE trials SET checkpoint = ? WHERE id = ?", artifactId, trialId);
    }

    /** The checkpoint artifact a trial last recorded, if any. */
    public Optional<String> checkpoint(String trialId) {
        return db.first("SELECT checkpoint FROM trials WHERE id = ?", rs -> rs.getString("checkpoint"), trialId);
    }

    /** Each trial's latest reported step and values, inside a batch's transaction; an older step never overwrites a newer one. */
    void recordLatest(Sql sql, List<StepMetrics> steps) throws SQLException {
        Map<String, StepMetrics> latest = new LinkedHashMap<>();
        for (StepMetrics m : steps) {
            latest.merge(m.trialId(), m, (a, b) -> b.step() >= a.step() ? b : a);
        }
        List<Object[]> rows = new ArrayList<>(latest.size());
        for (StepMetrics m : latest.values()) {
            rows.add(new Object[] {m.step(), Json.write(m.values()), m.trialId(), m.step()});
        }
        sql.batch("UPDATE trials SET epochs = GREATEST(epochs, ?), last_metrics_json = ? WHERE id = ? AND epochs <= ?", rows);
    }

    private void updateStatus(String trialId, TrialStatus status, String message) {
        db.update("UPDATE trials SET status = ?, message = ?, finished_at = NULL WHERE id = ?", status.name(), message, trialId);
    }

    private static TrialView view(ResultSet rs) throws SQLException {
        double objective = rs.getDouble("objective");
        Double objectiveValue = rs.wasNull() ? null : objective;
        Map<String, Double> last = Sql.json(rs, "last_metrics_json", METRICS);
        Map<String, Double> test = Sql.json(rs, "test_metrics_json", METRICS);
        return new TrialView(
                rs.getString("id"),
                rs.getString("experiment_id"),
                rs.getInt("number"),
                TrialStage.of(rs.getString("stage")),
                TrialStatus.valueOf(rs.getString("status")),
                Sql.json(rs, "params_json", PARAMS),
                rs.getString("slot"),
                rs.getInt("epochs"),
                last == null ? Map.of() : last,
                objectiveValue,
                Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"),
                rs.getString("message"),
                rs.getInt("attempts"),
                Sql.nullableInt(rs, "configuration"),
                artifacts(rs, "inputs_json"),
                artifacts(rs, "outputs_json"),
                test == null ? Map.of() : test);
    }

    private static Map<String, String> artifacts(ResultSet rs, String column) throws SQLException {
        Map<String, String> map = Sql.json(rs, column, ARTIFACTS);
        return map == null ? Map.of() : map;
    }
}
