package org.transferlab.orchestrator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * Everything TransferLab records, behind intention-named methods. Metric rows are keyed by
 * (trial, step, name), so a report delivered twice (a retried message, a resumed trial) is stored
 * once; {@link #recordMetrics} says whether anything new was written.
 */
public final class LabStore {

    private static final TypeReference<Map<String, Object>> PARAMS = new TypeReference<>() {};
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};
    private static final TypeReference<Map<String, String>> ARTIFACTS = new TypeReference<>() {};
    /** Stages whose trials count towards an experiment's progress: the sweeps and their baselines. */
    public static final String SWEEP_STAGES = Arrays.stream(TrialStage.values()).filter(TrialStage::swept)
            .map(s -> "'" + s.wire() + "'").collect(Collectors.joining(", ", "(", ")"));
    /**
     * Stages whose trials compete for an experiment's best value: the sweep and its baselines, the rows the trial
     * tables rank (see {@link org.transferlab.protocol.view.Standing}), so a baseline that wins is the best.
     */
    public static final String BEST_STAGES = SWEEP_STAGES;
    private static final String EXPERIMENT_COLUMNS = """
            e.id, e.name, e.kind, e.status, e.spec_yaml, e.objective_metric, e.objective_mode, e.planned_trials,
            e.created_at, e.finished_at, e.message,
            (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.stage IN """ + SWEEP_STAGES + """
                AND t.status IN ('COMPLETED', 'STOPPED', 'FAILED', 'CANCELLED')) AS done,
            (SELECT COUNT(*) FROM trials t WHERE t.experiment_id = e.id AND t.stage IN """ + SWEEP_STAGES + """
                AND t.status = 'FAILED') AS failed
            """;

    private final Database db;

    public LabStore(Database db) {
        this.db = db;
    }

    public Database database() {
        return db;
    }

    // ---- experiments ------------------------------------------------------------------------

    public void insertExperiment(String id, ExperimentSpec spec, int plannedTrials, Instant createdAt) {
        db.update("""
                INSERT INTO experiments (id, name, kind, status, spec_yaml, objective_metric, objective_mode,
                    planned_trials, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, spec.name(), spec.kind().wire(), ExperimentStatus.PENDING.name(), SpecCodec.toYaml(spec),
                spec.objective().metric(), spec.objective().mode(), plannedTrials, createdAt);
    }

    public void updateExperimentStatus(String id, ExperimentStatus status, String message) {
        db.update("UPDATE experiments SET status = ?, message = ?, finished_at = ? WHERE id = ?",
                status.name(), message, status.terminal() ? Instant.now() : null, id);
    }

    public List<ExperimentView> listExperiments() {
        return db.withConnection(c -> {
            List<ExperimentView> out = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments e ORDER BY e.created_at DESC")) {
                while (rs.next()) {
                    out.add(experimentView(c, rs, false));
                }
            }
            return out;
        });
    }

    public Optional<ExperimentView> experiment(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT " + EXPERIMENT_COLUMNS + " FROM experiments e WHERE e.id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(experimentView(c, rs, true)) : Optional.empty();
                }
            }
        });
    }

    /** Ids of experiments that were not finished when the orchestrator last stopped. */
    public List<String> unfinishedExperimentIds() {
        return db.withConnection(c -> {
            List<String> ids = new ArrayList<>();
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM experiments WHERE status IN ('PENDING', 'RUNNING', 'PAUSED') ORDER BY created_at")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            return ids;
        });
    }

    private ExperimentView experimentView(Connection c, ResultSet rs, boolean withSpec) throws SQLException {
        String id = rs.getString("id");
        String metric = rs.getString("objective_metric");
        boolean max = !"min".equals(rs.getString("objective_mode"));
        Double best = null;
        String bestTrial = null;
        try (PreparedStatement ps = c.prepareStatement("SELECT id, objective FROM trials WHERE experiment_id = ? "
                + "AND stage IN " + BEST_STAGES + " AND objective IS NOT NULL ORDER BY objective " + (max ? "DESC" : "ASC") + ", number LIMIT 1")) {
            ps.setString(1, id);
            try (ResultSet b = ps.executeQuery()) {
                if (b.next()) {
                    bestTrial = b.getString(1);
                    best = b.getDouble(2);
                }
            }
        }
        return new ExperimentView(
                id,
                rs.getString("name"),
                rs.getString("kind"),
                ExperimentStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                instant(rs, "finished_at"),
                metric,
                max ? "max" : "min",
                rs.getInt("planned_trials"),
                rs.getInt("done"),
                rs.getInt("failed"),
                best,
                bestTrial,
                rs.getString("message"),
                withSpec ? SpecCodec.readAccepted(rs.getString("spec_yaml")) : null);
    }

    // ---- trials -----------------------------------------------------------------------------

    public void insertTrial(String id, String experimentId, int number, TrialStage stage, Map<String, Object> params) {
        insertTrial(id, experimentId, number, stage, params, null, Map.of());
    }

    /** Records a queued trial with the searcher proposal it runs (or null) and the artifacts it will read. */
    public void insertTrial(String id, String experimentId, int number, TrialStage stage, Map<String, Object> params,
            Integer configuration, Map<String, String> inputs) {
        db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO trials (id, experiment_id, number, stage, status, params_json, configuration, inputs_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")) {
                ps.setString(1, id);
                ps.setString(2, experimentId);
                ps.setInt(3, number);
                ps.setString(4, stage.wire());
                ps.setString(5, TrialStatus.QUEUED.name());
                ps.setString(6, Json.write(params));
                if (configuration == null) {
                    ps.setNull(7, Types.INTEGER);
                } else {
                    ps.setInt(7, configuration);
                }
                ps.setString(8, Json.write(inputs));
                ps.executeUpdate();
            }
            return null;
        });
    }

    /** The number of trials an experiment expects, when a plan learns it only as it goes. */
    public void updatePlannedTrials(String experimentId, int planned) {
        db.update("UPDATE experiments SET planned_trials = ? WHERE id = ?", planned, experimentId);
    }

    /** Marks an experiment paused now; the wall-clock budget stops running until {@link #markExperimentResumed}. */
    public void markExperimentPaused(String experimentId, Instant at) {
        db.update("UPDATE experiments SET status = 'PAUSED', paused_at = ?, message = ? WHERE id = ?",
                at, "paused by request", experimentId);
    }

    /** Marks an experiment running again and adds the pause to its paused time. */
    public void markExperimentResumed(String experimentId, Instant at) {
        db.inTransaction(c -> {
            ExperimentClock clock = clock(c, experimentId);
            long pausedMs = clock.pausedMs() + (clock.pausedAt() == null ? 0 : Math.max(0, at.toEpochMilli() - clock.pausedAt().toEpochMilli()));
            Database.update(c, "UPDATE experiments SET status = 'RUNNING', paused_at = NULL, paused_ms = ?, message = NULL WHERE id = ?",
                    pausedMs, experimentId);
            return null;
        });
    }

    /** When an experiment started and how long it has been paused, for its wall-clock budget. */
    public ExperimentClock clock(String experimentId) {
        return db.withConnection(c -> clock(c, experimentId));
    }

    private static ExperimentClock clock(Connection c, String experimentId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT created_at, paused_ms, paused_at FROM experiments WHERE id = ?")) {
            ps.setString(1, experimentId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("experiment " + experimentId + " is not in the store");
                }
                return new ExperimentClock(instant(rs, "created_at"), rs.getLong("paused_ms"), instant(rs, "paused_at"));
            }
        }
    }

    /** Marks a started trial paused: it continues from its last checkpoint when its experiment resumes. */
    public void markTrialPaused(String trialId) {
        updateTrialStatus(trialId, TrialStatus.PAUSED, "paused with its experiment", null);
    }

    /** Counts one failed attempt of a trial (retries survive an orchestrator restart); returns the new count. */
    public int recordFailure(String trialId, String error) {
        return countAttempt(trialId, error, false).failures();
    }

    /** A trial's failed attempts so far, and how many of them were lost with their worker. */
    public record FailureCount(int failures, int lost) {}

    /**
     * Counts one attempt lost with its worker (its slot left the cluster, or the lab process died
     * while it ran): a failure like any other for {@code limits.maxRetries}, remembered apart so the
     * trial can say why it ended.
     */
    public FailureCount recordLostAttempt(String trialId, String reason) {
        return countAttempt(trialId, reason, true);
    }

    private FailureCount countAttempt(String trialId, String message, boolean lost) {
        return db.inTransaction(c -> {
            Database.update(c, "UPDATE trials SET failures = failures + 1" + (lost ? ", lost = lost + 1" : "")
                    + ", message = ? WHERE id = ?", message, trialId);
            try (PreparedStatement ps = c.prepareStatement("SELECT failures, lost FROM trials WHERE id = ?")) {
                ps.setString(1, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new FailureCount(rs.getInt(1), rs.getInt(2));
                }
            }
        });
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

    /** Failed attempts of a trial so far. */
    public int failures(String trialId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT failures FROM trials WHERE id = ?")) {
                ps.setString(1, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getInt(1) : 0;
                }
            }
        });
    }

    /** Marks a trial finished with the artifacts it published; {@code model}/{@code body} also become its checkpoint. */
    public void markTrialFinished(String trialId, TrialStatus status, Double objective, Map<String, String> outputs,
            String checkpoint, String message) {
        db.update("""
                UPDATE trials SET status = ?, objective = ?, checkpoint = COALESCE(?, checkpoint), message = ?,
                    finished_at = ?, outputs_json = COALESCE(?, outputs_json) WHERE id = ?""",
                status.name(), objective, checkpoint, message, Instant.now(), outputs == null ? null : Json.write(outputs), trialId);
    }

    public void markTrialStarted(String trialId, String slot) {
        db.update("""
                UPDATE trials SET status = 'RUNNING', slot = ?, attempts = attempts + 1,
                    started_at = COALESCE(started_at, ?) WHERE id = ?""", slot, Instant.now(), trialId);
    }

    /** Puts a trial back in the queue (its slot died or the orchestrator restarted). */
    public void markTrialQueued(String trialId) {
        updateTrialStatus(trialId, TrialStatus.QUEUED, null, null);
    }

    public void markTrialFinished(String trialId, TrialStatus status, Double objective, String checkpoint, String message) {
        markTrialFinished(trialId, status, objective, null, checkpoint, message);
    }

    private void updateTrialStatus(String trialId, TrialStatus status, String message, Instant finishedAt) {
        db.update("UPDATE trials SET status = ?, message = ?, finished_at = ? WHERE id = ?", status.name(), message, finishedAt, trialId);
    }

    public List<TrialView> trials(String experimentId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM trials WHERE experiment_id = ? ORDER BY number")) {
                ps.setString(1, experimentId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<TrialView> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(trialView(rs));
                    }
                    return out;
                }
            }
        });
    }

    public Optional<TrialView> trial(String trialId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT * FROM trials WHERE id = ?")) {
                ps.setString(1, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(trialView(rs)) : Optional.empty();
                }
            }
        });
    }

    private static TrialView trialView(ResultSet rs) throws SQLException {
        String last = rs.getString("last_metrics_json");
        double objective = rs.getDouble("objective");
        Double objectiveValue = rs.wasNull() ? null : objective;
        return new TrialView(
                rs.getString("id"),
                rs.getString("experiment_id"),
                rs.getInt("number"),
                TrialStage.of(rs.getString("stage")),
                TrialStatus.valueOf(rs.getString("status")),
                readJson(rs.getString("params_json"), PARAMS),
                rs.getString("slot"),
                rs.getInt("epochs"),
                last == null ? Map.of() : readJson(last, METRICS),
                objectiveValue,
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                rs.getString("message"),
                rs.getInt("attempts"),
                configuration(rs),
                artifactMap(rs.getString("inputs_json")),
                artifactMap(rs.getString("outputs_json")));
    }

    private static Integer configuration(ResultSet rs) throws SQLException {
        int v = rs.getInt("configuration");
        return rs.wasNull() ? null : v;
    }

    private static Map<String, String> artifactMap(String json) {
        return json == null ? Map.of() : readJson(json, ARTIFACTS);
    }

    /** Remembers the latest resumable checkpoint of a running trial. */
    public void recordCheckpoint(String trialId, String artifactId) {
        db.update("UPDATE trials SET checkpoint = ? WHERE id = ?", artifactId, trialId);
    }

    /** The checkpoint artifact a trial last recorded, if any. */
    public Optional<String> checkpoint(String trialId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT checkpoint FROM trials WHERE id = ?")) {
                ps.setString(1, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    // ---- metrics ----------------------------------------------------------------------------

    /**
     * Records one step's metrics and the trial's latest values in one transaction.
     *
     * @return false if this step was already recorded (a duplicate report), in which case nothing changed
     */
    public boolean recordMetrics(String trialId, int step, Map<String, Double> values, long time) {
        return db.inTransaction(c -> {
            try (PreparedStatement check = c.prepareStatement("SELECT COUNT(*) FROM metrics WHERE trial_id = ? AND step = ?")) {
                check.setString(1, trialId);
                check.setInt(2, step);
                try (ResultSet rs = check.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return false;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO metrics (trial_id, step, name, metric_value, at_ms) VALUES (?, ?, ?, ?, ?)")) {
                for (Map.Entry<String, Double> e : values.entrySet()) {
                    ps.setString(1, trialId);
                    ps.setInt(2, step);
                    ps.setString(3, e.getKey());
                    ps.setDouble(4, e.getValue());
                    ps.setLong(5, time);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE trials SET epochs = GREATEST(epochs, ?), last_metrics_json = ? WHERE id = ?")) {
                ps.setInt(1, step);
                ps.setString(2, Json.write(values));
                ps.setString(3, trialId);
                ps.executeUpdate();
            }
            return true;
        });
    }

    /** One reported step of one trial, waiting in a batch. */
    public record StepMetrics(String trialId, int step, Map<String, Double> values, long time) {}

    /**
     * Writes a batch of reported steps and the events that go with them in one transaction: metric
     * rows (a step already stored is kept, not duplicated), each trial's latest values, then the
     * events in order. Returns the events with their sequence numbers.
     */
    public List<LabEvent> recordBatch(List<StepMetrics> steps, List<LabEvent> events) {
        return db.inTransaction(c -> {
            if (!steps.isEmpty()) {
                // A step already stored stays as it is: never twice. H2 takes the PostgreSQL form in its
                // PostgreSQL mode; its MERGE ... KEY scanned the table per row (quadratic, 80 % of the
                // orchestrator's CPU in the result-throughput benchmark).
                String insert = "INSERT INTO metrics (trial_id, step, name, metric_value, at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING";
                try (PreparedStatement ps = c.prepareStatement(insert)) {
                    for (StepMetrics m : steps) {
                        for (Map.Entry<String, Double> e : m.values().entrySet()) {
                            ps.setString(1, m.trialId());
                            ps.setInt(2, m.step());
                            ps.setString(3, e.getKey());
                            ps.setDouble(4, e.getValue());
                            ps.setLong(5, m.time());
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                Map<String, StepMetrics> latest = new java.util.LinkedHashMap<>();
                for (StepMetrics m : steps) {
                    latest.merge(m.trialId(), m, (a, b) -> b.step() >= a.step() ? b : a);
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "UPDATE trials SET epochs = GREATEST(epochs, ?), last_metrics_json = ? WHERE id = ? AND epochs <= ?")) {
                    for (StepMetrics m : latest.values()) {
                        ps.setInt(1, m.step());
                        ps.setString(2, Json.write(m.values()));
                        ps.setString(3, m.trialId());
                        ps.setInt(4, m.step());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            List<LabEvent> saved = new ArrayList<>(events.size());
            for (LabEvent event : events) {
                saved.add(insertEvent(c, event));
            }
            return saved;
        });
    }

    /** The steps already recorded for a trial (a restored trial reports only what is new). */
    public java.util.BitSet recordedSteps(String trialId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT DISTINCT step FROM metrics WHERE trial_id = ?")) {
                ps.setString(1, trialId);
                try (ResultSet rs = ps.executeQuery()) {
                    java.util.BitSet steps = new java.util.BitSet();
                    while (rs.next()) {
                        steps.set(rs.getInt(1));
                    }
                    return steps;
                }
            }
        });
    }

    /**
     * Every recorded value of one metric in an experiment, in the order they were reported (time,
     * then trial number, then step): what a scheduler saw, for rebuilding it after a restart.
     */
    public List<MetricPoint> metricHistory(String experimentId, String metric) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT m.trial_id, m.step, m.name, m.metric_value, m.at_ms FROM metrics m JOIN trials t ON t.id = m.trial_id
                    WHERE t.experiment_id = ? AND m.name = ? ORDER BY m.at_ms, t.number, m.step""")) {
                ps.setString(1, experimentId);
                ps.setString(2, metric);
                try (ResultSet rs = ps.executeQuery()) {
                    List<MetricPoint> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new MetricPoint(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getDouble(4), rs.getLong(5)));
                    }
                    return out;
                }
            }
        });
    }

    public List<MetricPoint> metrics(String trialId) {
        return queryMetrics("SELECT trial_id, step, name, metric_value, at_ms FROM metrics WHERE trial_id = ? ORDER BY step, name", trialId);
    }

    public List<MetricPoint> experimentMetrics(String experimentId) {
        return queryMetrics("""
                SELECT m.trial_id, m.step, m.name, m.metric_value, m.at_ms FROM metrics m JOIN trials t ON t.id = m.trial_id
                WHERE t.experiment_id = ? ORDER BY t.number, m.step, m.name""", experimentId);
    }

    private List<MetricPoint> queryMetrics(String sql, String key) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, key);
                try (ResultSet rs = ps.executeQuery()) {
                    List<MetricPoint> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new MetricPoint(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getDouble(4), rs.getLong(5)));
                    }
                    return out;
                }
            }
        });
    }

    // ---- events -----------------------------------------------------------------------------

    /** Appends an event and returns it with its sequence number. */
    public LabEvent appendEvent(LabEvent event) {
        return db.withConnection(c -> insertEvent(c, event));
    }

    private static LabEvent insertEvent(Connection c, LabEvent event) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO events (experiment_id, trial_id, type, at_ms, message, epoch, metrics_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, event.experimentId());
            ps.setString(2, event.trialId());
            ps.setString(3, event.kind().wire());
            ps.setLong(4, event.time());
            ps.setString(5, event.message());
            if (event.epoch() == null) {
                ps.setNull(6, Types.INTEGER);
            } else {
                ps.setInt(6, event.epoch());
            }
            ps.setString(7, event.metrics() == null ? null : Json.write(event.metrics()));
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                long seq = keys.getLong(1);
                return new LabEvent(seq, event.experimentId(), event.trialId(), event.kind(), event.time(),
                        event.message(), event.epoch(), event.metrics());
            }
        }
    }

    /** Events after {@code afterSeq}, oldest first; all experiments when {@code experimentId} is null. */
    public List<LabEvent> events(String experimentId, long afterSeq, int limit) {
        return db.withConnection(c -> {
            String sql = "SELECT seq, experiment_id, trial_id, type, at_ms, message, epoch, metrics_json FROM events WHERE seq > ?"
                    + (experimentId == null ? "" : " AND experiment_id = ?") + " ORDER BY seq LIMIT " + limit;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, afterSeq);
                if (experimentId != null) {
                    ps.setString(2, experimentId);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    List<LabEvent> out = new ArrayList<>();
                    while (rs.next()) {
                        int epoch = rs.getInt(7);
                        Integer epochValue = rs.wasNull() ? null : epoch;
                        String metrics = rs.getString(8);
                        out.add(new LabEvent(rs.getLong(1), rs.getString(2), rs.getString(3), LabEvent.Kind.of(rs.getString(4)),
                                rs.getLong(5), rs.getString(6), epochValue, metrics == null ? null : readJson(metrics, METRICS)));
                    }
                    return out;
                }
            }
        });
    }

    // ---- artifacts --------------------------------------------------------------------------

    public void insertArtifact(ArtifactRecord a) {
        db.update("INSERT INTO artifacts (id, experiment_id, role, sha256, size_bytes, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                a.id(), a.experimentId(), a.role(), a.sha256(), a.size(), a.createdAt());
    }

    public Optional<ArtifactRecord> artifact(String id) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT id, experiment_id, role, sha256, size_bytes, created_at FROM artifacts WHERE id = ?")) {
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new ArtifactRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                    rs.getLong(5), rs.getTimestamp(6).toInstant()))
                            : Optional.empty();
                }
            }
        });
    }

    public List<ArtifactRecord> artifacts(String experimentId) {
        return db.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, experiment_id, role, sha256, size_bytes, created_at FROM artifacts WHERE experiment_id = ? ORDER BY created_at")) {
                ps.setString(1, experimentId);
                try (ResultSet rs = ps.executeQuery()) {
                    List<ArtifactRecord> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new ArtifactRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getLong(5), rs.getTimestamp(6).toInstant()));
                    }
                    return out;
                }
            }
        });
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return Json.mapper().readValue(json, type);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StoreException("corrupt JSON column: " + e.getOriginalMessage(), e);
        }
    }
}
