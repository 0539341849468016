package org.transferlab.protocol.view;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.work.TrialStage;

/**
 * The trade-off a multi-objective sweep found, as the API serves it: every trial of the method's
 * sweep that ended with a value for each objective, with its non-dominated sorting rank (0 = on
 * the Pareto front). Derived from the stored trials, never stored apart, so it cannot go stale:
 * the first objective is the trial's recorded objective, the others its final metrics (a worker
 * reports {@code params} and {@code inference_ms} with its result). Baselines and preparatory
 * stages are left out: they are not the searched population.
 *
 * @param objectives the spec's objectives, in order; a point's {@code values} follow it
 * @param points in trial-number order
 */
public record ParetoFront(List<ObjectiveSpec.Goal> objectives, List<Point> points) {

    /**
     * One trial on the chart.
     *
     * @param values its objective values in the metrics' own units and directions
     * @param rank 0 on the front, k on the front left after removing ranks below k
     */
    public record Point(String trialId, int number, TrialStage stage, Integer configuration, Map<String, Object> params,
            List<Double> values, int rank) {

        public boolean onFront() {
            return rank == 0;
        }
    }

    public ParetoFront {
        objectives = List.copyOf(objectives);
        points = List.copyOf(points);
    }

    /** The front of {@code trials} under {@code objectives}. */
    public static ParetoFront of(List<TrialView> trials, List<ObjectiveSpec.Goal> objectives) {
        List<TrialView> scored = new ArrayList<>();
        List<double[]> losses = new ArrayList<>();
        for (TrialView t : trials) {
            if (!t.stage().method() || !(t.status() == TrialStatus.COMPLETED || t.status() == TrialStatus.STOPPED)) {
                continue;
            }
            double[] loss = vector(t, objectives);
            if (loss != null) {
                scored.add(t);
                losses.add(loss);
            }
        }
        int[] rank = Pareto.ranks(losses.toArray(double[][]::new));
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            TrialView t = scored.get(i);
            List<Double> values = new ArrayList<>();
            for (int k = 0; k < objectives.size(); k++) {
                values.add(value(t, objectives, k));
            }
            points.add(new Point(t.id(), t.number(), t.stage(), t.configuration(), t.params(), values, rank[i]));
        }
        points.sort(java.util.Comparator.comparingInt(Point::number));
        return new ParetoFront(objectives, points);
    }

    /** The non-dominated points, in trial-number order. */
    public List<Point> front() {
        return points.stream().filter(Point::onFront).toList();
    }

    /** A trial's objective vector, every objective minimised, or null when one value is missing. */
    static double[] vector(TrialView t, List<ObjectiveSpec.Goal> objectives) {
        double[] out = new double[objectives.size()];
        for (int k = 0; k < out.length; k++) {
            Double v = value(t, objectives, k);
            if (v == null || v.isNaN() || v.isInfinite()) {
                return null;
            }
            out[k] = objectives.get(k).maximise() ? -v : v;
        }
        return out;
    }

    private static Double value(TrialView t, List<ObjectiveSpec.Goal> objectives, int k) {
        // the first objective is the recorded one (the final value, or the last epoch's if the result had none)
        return k == 0 && t.objective() != null ? t.objective() : t.lastMetrics().get(objectives.get(k).metric());
    }
}
