package org.transferlab.orchestrator.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.work.TrialStage;

/**
 * The {@code experiments} table: one row per submitted experiment with its spec, status, planned
 * trials and paused time. Its views count the trials that are done and name the best one.
 */
public final class ExperimentStore {

    /** Stages whose trials count towards an experiment's progress: the sweeps and their baselines. */
    private static final String SWEEP_STAGES = Arrays.stream(TrialStage.values()).filter(TrialStage::swept)
            .map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "(", ")"));
    /**
     * Stages whose trials compete for an experiment's best value: the sweep and its baselines, the rows the trial
     * tables rank (see {@link org.transferlab.protocol.view.Standing}), so a baseline that wins is the best.
     */
    private static final String BEST_STAGES = SWEEP_STAGES;
    private static final String COLUMNS = """
            e.id, e.name, e.kind, e.status, e.spec_yaml, e.objective_metric, e.objective_mode, e.planned_trials,
            e.created_at, e.finished_at, e.message,
            (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.stage IN """ + SWEEP_STAGES + """
                AND t.status IN ('COMPLETED', 'STOPPED', 'FAILED', 'CANCELLED')) AS done,
            (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.stage IN """ + SWEEP_STAGES + """
                AND t.status = 'FAILED') AS failed
            """;
    /** Automatic baselines: on an exact tie the method's trial is the best (see {@link org.transferlab.protocol.view.Standing}). */
    private static final String BASELINE_STAGES = Arrays.stream(TrialStage.values()).filter(TrialStage::baseline)
            .map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "(", ")"));
    private static final String BEST_TRIAL = "SELECT id, objective FROM trials WHERE experiment_id = ? AND stage IN "
            + BEST_STAGES + " AND objective IS NOT NULL ORDER BY objective %s, CASE WHEN stage IN " + BASELINE_STAGES
            + " THEN 1 ELSE 0 END, number LIMIT 1";

    /** The best trial of an experiment: its id and objective value. */
    private record Best(String trialId, double objective) {}

    private final Database db;

    public ExperimentStore(Database db) {
        this.db = db;
    }

    public void insert(String id, ExperimentSpec spec, int plannedTrials, Instant createdAt) {
        db.update("""
                INSERT INTO experiments (id, name, kind, status, spec_yaml, objective_metric, objective_mode,
                    planned_trials, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, spec.name(), spec.kind().wire(), ExperimentStatus.PENDING.name(), SpecCodec.toYaml(spec),
                spec.objective().metric(), spec.objective().mode(), plannedTrials, createdAt);
    }

    public void updateStatus(String id, ExperimentStatus status, String message) {
        db.update("UPDATE experiments SET status = ?, message = ?, finished_at = ? WHERE id = ?",
                status.name(), message, status.terminal() ? Instant.now() : null, id);
    }

    /** Every experiment, newest first, without its spec. */
    public List<ExperimentView> list() {
        return db.run(sql -> sql.list("SELECT " + COLUMNS + " FROM experiments e ORDER BY e.created_at DESC",
                rs -> view(sql, rs, false)));
    }

    /** One experiment with its spec. */
    public Optional<ExperimentView> find(String id) {
        return db.run(sql -> sql.first("SELECT " + COLUMNS + " FROM experiments e WHERE e.id = ?", rs -> view(sql, rs, true), id));
    }

    /** Ids of experiments that were not finished when the orchestrator last stopped. */
    public List<String> unfinishedIds() {
        return db.list("SELECT id FROM experiments WHERE status IN ('PENDING', 'RUNNING', 'PAUSED') ORDER BY created_at",
                rs -> rs.getString("id"));
    }

    /** The number of trials an experiment expects, when a plan learns it only as it goes. */
    public void updatePlannedTrials(String experimentId, int planned) {
        db.update("UPDATE experiments SET planned_trials = ? WHERE id = ?", planned, experimentId);
    }

    /** Marks an experiment paused now; the wall-clock budget stops running until {@link #markResumed}. */
    public void markPaused(String experimentId, Instant at) {
        db.update("UPDATE experiments SET status = 'PAUSED', paused_at = ?, message = ? WHERE id = ?",
                at, "paused by request", experimentId);
    }

    /** Marks an experiment running again and adds the pause to its paused time. */
    public void markResumed(String experimentId, Instant at) {
        db.inTransaction(sql -> {
            ExperimentClock clock = clock(sql, experimentId);
            long pausedMs = clock.pausedMs() + (clock.pausedAt() == null ? 0 : Math.max(0, at.toEpochMilli() - clock.pausedAt().toEpochMilli()));
            return sql.update("UPDATE experiments SET status = 'RUNNING', paused_at = NULL, paused_ms = ?, message = NULL WHERE id = ?",
                    pausedMs, experimentId);
        });
    }

    /** When an experiment started and how long it has been paused, for its wall-clock budget. */
    public ExperimentClock clock(String experimentId) {
        return db.run(sql -> clock(sql, experimentId));
    }

    private static ExperimentClock clock(Sql sql, String experimentId) throws SQLException {
        return sql.first("SELECT created_at, paused_ms, paused_at FROM experiments WHERE id = ?",
                        rs -> new ExperimentClock(Sql.instant(rs, "created_at"), rs.getLong("paused_ms"), Sql.instant(rs, "paused_at")),
                        experimentId)
                .orElseThrow(() -> new SQLException("experiment " + experimentId + " is not in the store"));
    }

    private static ExperimentView view(Sql sql, ResultSet rs, boolean withSpec) throws SQLException {
        String id = rs.getString("id");
        boolean max = !"min".equals(rs.getString("objective_mode"));
        Optional<Best> best = sql.first(BEST_TRIAL.formatted(max ? "DESC" : "ASC"),
                b -> new Best(b.getString("id"), b.getDouble("objective")), id);
        return new ExperimentView(
                id,
                rs.getString("name"),
                rs.getString("kind"),
                ExperimentStatus.valueOf(rs.getString("status")),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "finished_at"),
                rs.getString("objective_metric"),
                max ? "max" : "min",
                rs.getInt("planned_trials"),
                rs.getInt("done"),
                rs.getInt("failed"),
                best.map(Best::objective).orElse(null),
                best.map(Best::trialId).orElse(null),
                rs.getString("message"),
                withSpec ? SpecCodec.readAccepted(rs.getString("spec_yaml")) : null);
    }
}
