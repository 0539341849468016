package org.transferlab.lab.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.view.ParetoFront;

/**
 * The Pareto front of a multi-objective sweep for the terminal: a heading naming the objectives
 * and their directions, then one row per non-dominated trial, ordered along the first objective
 * (best first), with each objective's value and the trial's parameters.
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
        String[] header = new String[goals.size() + 2];
        header[0] = "TRIAL";
        for (int i = 0; i < goals.size(); i++) {
            header[i + 1] = goals.get(i).metric().toUpperCase(java.util.Locale.ROOT) + " (" + goals.get(i).mode().toUpperCase(java.util.Locale.ROOT) + ")";
        }
        header[header.length - 1] = "PARAMETERS";
        TextTable table = new TextTable(header);
        boolean firstMax = goals.getFirst().maximise();
        List<ParetoFront.Point> front = pareto.front().stream()
                .sorted((a, b) -> firstMax ? Double.compare(b.values().getFirst(), a.values().getFirst())
                        : Double.compare(a.values().getFirst(), b.values().getFirst()))
                .toList();
        for (ParetoFront.Point p : front) {
            Object[] row = new Object[header.length];
            row[0] = "#" + p.number();
            for (int i = 0; i < goals.size(); i++) {
                row[i + 1] = TextTable.param(p.values().get(i));
            }
            row[row.length - 1] = params(p.params());
            table.row(row);
        }
        return heading + "\n" + table.render();
    }

    private static String params(Map<String, Object> params) {
        return params.entrySet().stream().map(e -> e.getKey() + "=" + TextTable.param(e.getValue())).collect(Collectors.joining(" "));
    }
}
