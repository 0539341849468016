package org.transferlab.lab.client;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialView;

/**
 * The trial table of {@code show} and {@code submit --follow}: the preparatory stages (pretrain,
 * teacher, scouts, guide) on top in the order they ran, then the sweep's trials best first. Beside
 * the objective (labelled "selection": measured on validation, what search, schedulers and best
 * read) stands its held-out counterpart (labelled "held out": measured once on the test split when
 * the trial finished, e.g. {@code test_accuracy} beside {@code val_accuracy}; "-" until then).
 */
final class TrialTable {

    private TrialTable() {}

    static String render(List<TrialView> trials, ExperimentView experiment) {
        Comparator<Double> byValue = "min".equals(experiment.objectiveMode())
                ? Comparator.nullsLast(Comparator.<Double>naturalOrder())
                : Comparator.nullsLast(Comparator.<Double>reverseOrder());
        List<TrialView> sorted = trials.stream()
                .sorted(Comparator.comparing((TrialView t) -> !t.stage().preparatory())
                        .thenComparing(t -> t.stage().preparatory() ? t.number() : 0)
                        .thenComparing(TrialView::objective, byValue)
                        // an exact tie goes to the method, as in every summary's "best"
                        .thenComparing(t -> t.stage().baseline()))
                .toList();
        String objective = experiment.objectiveMetric();
        TextTable table = new TextTable("TRIAL", "STAGE", "STATUS", "EPOCHS", objective.toUpperCase() + " (SELECTION)",
                TrialView.testMetricFor(objective).toUpperCase() + " (HELD OUT)", "PARAMS", "SLOT");
        for (TrialView t : sorted) {
            String params = t.params().entrySet().stream()
                    .map(e -> e.getKey() + "=" + TextTable.param(e.getValue()))
                    .collect(Collectors.joining(" "));
            table.row("#" + t.number(), t.stage().wire(), t.status().name(), t.epochs(), TextTable.num(t.objective()),
                    TextTable.num(t.testValue(objective)), params.isEmpty() ? "-" : params, t.slot());
        }
        return table.render();
    }
}
