package org.transferlab.orchestrator.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;

/**
 * An experiment's trials and metrics for spreadsheets and notebooks. CSV has one row per trial and
 * step ({@code param.*} and {@code metric.*} columns, union over trials; a trial with no metrics yet
 * has one row with an empty step), RFC 4180 quoting. Beside {@code objective} (the selection
 * metric, from validation) come the trial's held-out {@code test.*} columns (measured once when it
 * finished, repeated on each of its rows, empty before). JSON is {@code {experiment, trials,
 * metrics}}; each trial carries its {@code testMetrics}.
 */
final class ExperimentExport {

    private final ExperimentView experiment;
    private final List<TrialView> trials;
    private final List<MetricPoint> metrics;

    ExperimentExport(ExperimentView experiment, List<TrialView> trials, List<MetricPoint> metrics) {
        this.experiment = experiment;
        this.trials = trials;
        this.metrics = metrics;
    }

    String json() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("experiment", experiment);
        body.put("trials", trials);
        body.put("metrics", metrics);
        return Json.write(body);
    }

    String csv() {
        TreeSet<String> params = new TreeSet<>();
        trials.forEach(t -> params.addAll(t.params() == null ? List.of() : t.params().keySet()));
        TreeSet<String> tests = new TreeSet<>();
        trials.forEach(t -> tests.addAll(t.testMetrics().keySet()));
        TreeSet<String> names = new TreeSet<>();
        Map<String, TreeMap<Integer, Map<String, Double>>> byTrial = new LinkedHashMap<>();
        for (MetricPoint p : metrics) {
            names.add(p.name());
            byTrial.computeIfAbsent(p.trialId(), t -> new TreeMap<>()).computeIfAbsent(p.step(), s -> new LinkedHashMap<>())
                    .put(p.name(), p.value());
        }
        StringBuilder out = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("experiment_id", "trial_id", "number", "stage", "status", "slot", "objective"));
        tests.forEach(n -> header.add("test." + n));
        params.forEach(p -> header.add("param." + p));
        header.add("step");
        names.forEach(n -> header.add("metric." + n));
        row(out, header);
        for (TrialView t : trials) {
            TreeMap<Integer, Map<String, Double>> steps = byTrial.getOrDefault(t.id(), new TreeMap<>());
            if (steps.isEmpty()) {
                steps = new TreeMap<>(Map.of(-1, Map.of()));
            }
            for (var step : steps.entrySet()) {
                List<String> cells = new ArrayList<>(List.of(experiment.id(), t.id(), Integer.toString(t.number()), t.stage().wire(),
                        t.status() == null ? "" : t.status().name(), t.slot() == null ? "" : t.slot(),
                        t.objective() == null ? "" : Double.toString(t.objective())));
                for (String n : tests) {
                    Double v = t.testMetrics().get(n);
                    cells.add(v == null ? "" : Double.toString(v));
                }
                for (String p : params) {
                    Object v = t.params() == null ? null : t.params().get(p);
                    cells.add(v == null ? "" : String.valueOf(v));
                }
                cells.add(step.getKey() < 0 ? "" : Integer.toString(step.getKey()));
                for (String n : names) {
                    Double v = step.getValue().get(n);
                    cells.add(v == null ? "" : Double.toString(v));
                }
                row(out, cells);
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quote(cells.get(i)));
        }
        out.append("\r\n");
    }

    static String quote(String cell) {
        if (cell.indexOf(',') < 0 && cell.indexOf('"') < 0 && cell.indexOf('\n') < 0 && cell.indexOf('\r') < 0) {
            return cell;
        }
        return '"' + cell.replace("\"", "\"\"") + '"';
    }
}
