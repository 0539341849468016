package org.transferlab.protocol.view;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
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
 * <p>Each point carries its {@link Twin}, when the experiment has automatic baselines: the
 * completed baseline trial that ran on the point's terms, paired by the same rule as
 * {@link Comparison} (its parameters are all the point's, with equal values: a distilled student's
 * from-scratch twin has its width, seed and budget). The twin's objective values and the point's
 * gain over it are validation figures; held-out test figures ride beside them and take no part in
 * the ranks, which read the points' own objectives alone.
 *
 * @param objectives the spec's objectives, in order; a point's {@code values} follow it
 * @param points in trial-number order
 * @param twinName how summaries name the twins, e.g. {@code student from scratch}; null when the
 *     experiment has no automatic baseline trial
 * @param gainObjective the index of the objective gains are read on: the first one that is not the
 *     network's size or speed ({@code params}, {@code inference_ms}, which a twin of the same
 *     network shares), else the first
 */
public record ParetoFront(List<ObjectiveSpec.Goal> objectives, List<Point> points, String twinName, int gainObjective) {

    /** Metrics a twin of the same network shares with its point: no gain is read on them. */
    private static final Set<String> COST_METRICS = Set.of("params", "inference_ms");

    /**
     * One trial on the chart.
     *
     * @param values its objective values in the metrics' own units and directions
     * @param rank 0 on the front, k on the front left after removing ranks below k
     * @param twin the point's automatic baseline run on its terms, with the gain over it; null when
     *     it has none (no baseline in the experiment, or none completed yet)
     */
    public record Point(String trialId, int number, TrialStage stage, Integer configuration, Map<String, Object> params,
            List<Double> values, int rank, Twin twin) {

        /** A point without a twin. */
        public Point(String trialId, int number, TrialStage stage, Integer configuration, Map<String, Object> params,
                List<Double> values, int rank) {
            this(trialId, number, stage, configuration, params, values, rank, null);
        }

        public boolean onFront() {
            return rank == 0;
        }

        /** The point's gain over its twin on the gain objective (validation), or null without a twin. */
        public Double gain() {
            return twin == null ? null : twin.gain();
        }
    }

    /**
     * A point's twin: the baseline trial that ran on its terms, e.g. a distilled student's student
     * from scratch of the same width and seed.
     *
     * @param values the twin's value of each objective, in objective order (null where it has none)
     * @param metric the objective the gain is read on (validation side, e.g. {@code val_accuracy})
     * @param gain point − twin on {@code metric}, in the metric's units; positive is better for a
     *     maximised metric, negative for a minimised one; null when either value is missing
     * @param heldOut each held-out test metric both trials report, in name order: never used for the
     *     front, shown beside it
     */
    public record Twin(String trialId, int number, TrialStage stage, List<Double> values, String metric, Double gain,
            List<HeldOut> heldOut) {

        public Twin {
            values = Collections.unmodifiableList(new ArrayList<>(values));
            heldOut = heldOut == null ? List.of() : List.copyOf(heldOut);
        }
    }

    /** One held-out test metric of a point and of its twin, and point − twin. */
    public record HeldOut(String metric, double value, double twin, double gain) {}

    public ParetoFront {
        objectives = List.copyOf(objectives);
        points = List.copyOf(points);
    }

    /** A front without twins. */
    public ParetoFront(List<ObjectiveSpec.Goal> objectives, List<Point> points) {
        this(objectives, points, null, gainObjective(objectives));
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
        int gainObjective = gainObjective(objectives);
        List<TrialView> baselines = trials.stream().filter(t -> t.stage().baseline() && t.status() == TrialStatus.COMPLETED).toList();
        List<Point> points = new ArrayList<>();
        for (int i = 0; i < scored.size(); i++) {
            TrialView t = scored.get(i);
            Twin twin = Comparison.twinOf(t, baselines).map(b -> twin(t, b, objectives, gainObjective)).orElse(null);
            points.add(new Point(t.id(), t.number(), t.stage(), t.configuration(), t.params(), values(t, objectives), rank[i], twin));
        }
        points.sort(Comparator.comparingInt(Point::number));
        String twinName = trials.stream().map(TrialView::stage).filter(TrialStage::baseline).findFirst()
                .map(Standing.BASELINES::get).orElse(null);
        return new ParetoFront(objectives, points, twinName, gainObjective);
    }

    /**
     * A gain as every view prints it, signed: accuracies (fractions) in percentage points with one
     * decimal (two below one point, so a small gain never reads 0.0), error counts with one decimal,
     * anything else with four; "-" when there is none.
     */
    public static String gainText(String metric, Double gain) {
        if (gain == null) {
            return "-";
        }
        String name = metric == null ? "" : metric.toLowerCase(Locale.ROOT);
        if (name.contains("accuracy")) {
            return String.format(Locale.ROOT, Math.abs(100 * gain) < 1 ? "%+.2f pts" : "%+.1f pts", 100 * gain);
        }
        return String.format(Locale.ROOT, name.contains("errors") ? "%+.1f" : "%+.4f", gain);
    }

    /** The held-out figures of this point against its twin on {@code metric} (e.g. {@code test_accuracy}), if both report it. */
    public static Optional<HeldOut> heldOut(Point point, String metric) {
        return point.twin() == null ? Optional.empty()
                : point.twin().heldOut().stream().filter(h -> h.metric().equals(metric)).findFirst();
    }

    /** The first objective that is not the network's size or speed, else the first. */
    static int gainObjective(List<ObjectiveSpec.Goal> objectives) {
        for (int k = 0; k < objectives.size(); k++) {
            if (!COST_METRICS.contains(objectives.get(k).metric())) {
                return k;
            }
        }
        return 0;
    }

    private static List<Double> values(TrialView t, List<ObjectiveSpec.Goal> objectives) {
        List<Double> values = new ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            values.add(value(t, objectives, k));
        }
        return values;
    }

    private static Twin twin(TrialView point, TrialView twin, List<ObjectiveSpec.Goal> objectives, int gainObjective) {
        Double mine = finite(value(point, objectives, gainObjective));
        Double theirs = finite(value(twin, objectives, gainObjective));
        List<HeldOut> heldOut = new ArrayList<>();
        new TreeSet<>(point.testMetrics().keySet()).forEach(metric -> {
            Double a = finite(point.testMetrics().get(metric));
            Double b = finite(twin.testMetrics().get(metric));
            if (metric.startsWith(Comparison.HELD_OUT_PREFIX) && a != null && b != null) {
                heldOut.add(new HeldOut(metric, a, b, a - b));
            }
        });
        return new Twin(twin.id(), twin.number(), twin.stage(), values(twin, objectives), objectives.get(gainObjective).metric(),
                mine == null || theirs == null ? null : mine - theirs, heldOut);
    }

    private static Double finite(Double v) {
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
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
