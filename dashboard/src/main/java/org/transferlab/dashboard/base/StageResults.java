package org.transferlab.dashboard.base;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** Summaries of one stage's trials: the best objective in the experiment's direction, and the mean. */
public final class StageResults {

    private StageResults() {}

    public static List<TrialView> of(List<TrialView> trials, TrialStage stage) {
        return trials.stream().filter(t -> t.stage() == stage).toList();
    }

    public static Double best(ExperimentView experiment, List<TrialView> trials) {
        boolean max = !"min".equals(experiment.objectiveMode());
        OptionalDouble v = trials.stream().map(TrialView::objective).filter(Objects::nonNull)
                .mapToDouble(Double::doubleValue).reduce(max ? Math::max : Math::min);
        return v.isPresent() ? v.getAsDouble() : null;
    }

    public static Double mean(List<TrialView> trials) {
        OptionalDouble v = trials.stream().map(TrialView::objective).filter(Objects::nonNull).mapToDouble(Double::doubleValue).average();
        return v.isPresent() ? v.getAsDouble() : null;
    }
}
