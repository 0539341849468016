package org.transferlab.orchestrator.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.view.MetricPoint;

/**
 * The {@code metrics} table: one row per (trial, step, metric name). The key makes a report
 * delivered twice (a retried message, a resumed trial repeating an epoch) stored once, the first;
 * a repeated step changes nothing, not even its trial's latest values.
 */
public final class MetricStore {

    private static final String POINT = "m.trial_id, m.step, m.name, m.metric_value, m.at_ms";

    private final Database db;

    public MetricStore(Database db) {
        this.db = db;
    }

    /** A trial's metrics by step, then name. */
    public List<MetricPoint> ofTrial(String trialId) {
        return db.list("SELECT " + POINT + " FROM metrics m WHERE m.trial_id = ? ORDER BY m.step, m.name", MetricStore::point, trialId);
    }

    /** An experiment's metrics by trial number, step, then name. */
    public List<MetricPoint> ofExperiment(String experimentId) {
        return db.list("SELECT " + POINT + " FROM metrics m JOIN trials t ON t.id = m.trial_id "
                + "WHERE t.experiment_id = ? ORDER BY t.number, m.step, m.name", MetricStore::point, experimentId);
    }

    /**
     * Every recorded value of one metric in an experiment, in the order they were reported (time,
     * then trial number, then step): what a scheduler saw, for rebuilding it after a restart.
     */
    public List<MetricPoint> history(String experimentId, String metric) {
        return db.list("SELECT " + POINT + " FROM metrics m JOIN trials t ON t.id = m.trial_id "
                + "WHERE t.experiment_id = ? AND m.name = ? ORDER BY m.at_ms, t.number, m.step", MetricStore::point, experimentId, metric);
    }

    /** The steps already recorded for a trial (a restored trial reports only what is new). */
    public BitSet recordedSteps(String trialId) {
        BitSet steps = new BitSet();
        db.list("SELECT DISTINCT step FROM metrics WHERE trial_id = ?", rs -> rs.getInt("step"), trialId).forEach(steps::set);
        return steps;
    }

    /**
     * Inserts a batch's metric rows inside its transaction and returns the steps that were new; a
     * step already stored stays as it is, never twice. H2 takes the PostgreSQL form in its
     * PostgreSQL mode; its MERGE ... KEY scanned the table per row (quadratic, 80 % of the
     * orchestrator's CPU in the result-throughput benchmark).
     */
    List<StepMetrics> insert(Sql sql, List<StepMetrics> steps) throws SQLException {
        List<Object[]> rows = new ArrayList<>(steps.size() * 2);
        for (StepMetrics m : steps) {
            for (Map.Entry<String, Double> e : m.values().entrySet()) {
                rows.add(new Object[] {m.trialId(), m.step(), e.getKey(), e.getValue(), m.time()});
            }
        }
        int[] inserted = sql.batch("INSERT INTO metrics (trial_id, step, name, metric_value, at_ms) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT DO NOTHING", rows);
        // The rows are in step order, each step's values together: a step is new when one of its rows was written
        // (or the driver does not say: SUCCESS_NO_INFO); a step without values counts as new.
        List<StepMetrics> fresh = new ArrayList<>(steps.size());
        int row = 0;
        for (StepMetrics m : steps) {
            boolean written = m.values().isEmpty();
            for (int i = 0; i < m.values().size(); i++, row++) {
                written |= inserted[row] != 0;
            }
            if (written) {
                fresh.add(m);
            }
        }
        return fresh;
    }

    private static MetricPoint point(ResultSet rs) throws SQLException {
        return new MetricPoint(rs.getString("trial_id"), rs.getInt("step"), rs.getString("name"), rs.getDouble("metric_value"),
                rs.getLong("at_ms"));
    }
}
