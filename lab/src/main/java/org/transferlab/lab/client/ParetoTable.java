package org.transferlab.lab.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.TrialView;

/**
 * The Pareto front of a multi-objective sweep for the terminal: a heading naming the objectives
 * and their directions, then one row per non-dominated trial, ordered along the first objective
 * (best first), with each objective's value and the trial's parameters. When the experiment has
 * automatic baselines (a distillation's students from scratch), each row adds its twin, the twin's
 * value and the gain on the gain objective (validation), and the held-out test gain beside it.
 */
final class ParetoTable {

    private ParetoTable() {}

    static String render(ParetoFront pareto) {
        List<ObjectiveSpec.Goal> goals = pareto.objectives();
        String heading = "Pareto front (" + goals.stream().map(g -> g.mode() + " " + g.metric()).collect(Collectors.joining(", "))
                + "): " + pareto.front().size() + " of " + pareto.points().size() + " trials";
        if (pareto.front().isEmpty()) {
            return heading + "\n";
        }
        boolean twins = pareto.twinName() != null;
        String gainMetric = goals.get(pareto.gainObjective()).metric();
        String testMetric = TrialView.testMetricFor(gainMetric);
        boolean test = twins && pareto.front().stream().anyMatch(p -> ParetoFront.heldOut(p, testMetric).isPresent());
        List<String> header = new ArrayList<>(List.of("TRIAL"));
        for (ObjectiveSpec.Goal g : goals) {
            header.add(g.metric().toUpperCase(Locale.ROOT) + " (" + g.mode().toUpperCase(Locale.ROOT) + ")");
        }
        if (twins) {
            header.addAll(List.of("TWIN", "TWIN " + gainMetric.toUpperCase(Locale.ROOT), "GAIN"));
            if (test) {
                header.add("TEST GAIN (" + testMetric.toUpperCase(Locale.ROOT) + ")");
            }
            heading += "\ngain: each trial − its twin, the " + pareto.twinName() + " with the same parameters but the method's own, on "
                    + gainMetric + (test ? "; " + testMetric + " is held out, never selected on" : "");
        }
        header.add("PARAMETERS");
        TextTable table = new TextTable(header.toArray(String[]::new));
        boolean firstMax = goals.getFirst().maximise();
        List<ParetoFront.Point> front = pareto.front().stream()
                .sorted((a, b) -> firstMax ? Double.compare(b.values().getFirst(), a.values().getFirst())
                        : Double.compare(a.values().getFirst(), b.values().getFirst()))
                .toList();
        for (ParetoFront.Point p : front) {
            List<Object> row = new ArrayList<>(List.of("#" + p.number()));
            p.values().forEach(v -> row.add(TextTable.param(v)));
            if (twins) {
                ParetoFront.Twin twin = p.twin();
                row.add(twin == null ? "-" : "#" + twin.number());
                row.add(twin == null ? "-" : TextTable.param(twin.values().get(pareto.gainObjective())));
                row.add(ParetoFront.gainText(gainMetric, p.gain()));
                if (test) {
                    row.add(ParetoFront.heldOut(p, testMetric).map(h -> ParetoFront.gainText(testMetric, h.gain())).orElse("-"));
                }
            }
            row.add(params(p.params()));
            table.row(row.toArray());
        }
        return heading + "\n" + table.render();
    }

    private static String params(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + TextTable.param(e.getValue())).collect(Collectors.joining(" "));
    }
}
