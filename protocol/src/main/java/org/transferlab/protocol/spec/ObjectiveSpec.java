package org.transferlab.protocol.spec;

import java.util.List;

/**
 * What a sweep optimises: one metric and its direction ({@code max} or {@code min}), or with
 * {@code metrics} several, searched for their Pareto front.
 *
 * <p>With {@code metrics} given, {@code metric} and {@code mode} are left out and become the first
 * entry's: that first metric is what "best", the standing line and paired baselines read, so a
 * multi-objective spec still has one headline number. Only validation-side metrics and the
 * network's size and speed ({@code params}, {@code inference_ms}) can be objectives; the test
 * split never is.
 *
 * @param metrics the objectives of a multi-objective search, in order; null or empty for one
 */
public record ObjectiveSpec(String metric, String mode, List<Goal> metrics) {

    /** One objective of a multi-objective search. */
    public record Goal(String metric, String mode) {

        public boolean maximise() {
            return !"min".equals(mode);
        }
    }

    /** The single-objective shape. */
    public ObjectiveSpec(String metric, String mode) {
        this(metric, mode, null);
    }

    ObjectiveSpec withDefaults() {
        if (metrics != null && !metrics.isEmpty()) {
            List<Goal> goals = metrics.stream().map(g -> g == null ? new Goal(null, null)
                    : new Goal(g.metric(), g.mode() == null ? "max" : g.mode())).toList();
            return new ObjectiveSpec(metric == null ? goals.getFirst().metric() : metric,
                    mode == null ? goals.getFirst().mode() : mode, goals);
        }
        return new ObjectiveSpec(metric == null ? "val_accuracy" : metric, mode == null ? "max" : mode, null);
    }

    public boolean maximise() {
        return !"min".equals(mode);
    }

    /** True when {@code candidate} is better than {@code incumbent} under this objective. */
    public boolean better(double candidate, double incumbent) {
        return maximise() ? candidate > incumbent : candidate < incumbent;
    }

    /** Two or more objectives: the search looks for a Pareto front, not one best value. */
    public boolean multi() {
        return metrics != null && metrics.size() > 1;
    }

    /** Every objective in order: the {@code metrics} list, or the one {@code metric}. */
    public List<Goal> goals() {
        return metrics != null && !metrics.isEmpty() ? metrics : List.of(new Goal(metric, mode));
    }
}
