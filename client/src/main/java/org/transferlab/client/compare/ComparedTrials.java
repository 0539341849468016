package org.transferlab.client.compare;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialView;

/**
 * Trials of one or several experiments, ready to compare on one metric: each trial's value is its
 * objective when the metric is its experiment's objective, else its last recorded value of that
 * metric. Preparatory stages (pretrain, scouts, the guide, the teacher) learn another task, so they are left out.
 */
public final class ComparedTrials {

    /** One trial with the experiment it belongs to. */
    public record Row(ExperimentView experiment, TrialView trial) {
        public String label() {
            return experiment.name() + " #" + trial.number();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Map<String, TreeMap<Integer, Double>>> curves = new HashMap<>();

    public void add(ExperimentView experiment, Collection<TrialView> trials, Collection<MetricPoint> metrics) {
        for (TrialView t : trials) {
            if (!t.stage().preparatory()) {
                rows.add(new Row(experiment, t));
            }
        }
        for (MetricPoint p : metrics) {
            curves.computeIfAbsent(p.trialId(), id -> new HashMap<>()).computeIfAbsent(p.name(), n -> new TreeMap<>())
                    .put(p.step(), p.value());
        }
    }

    public List<Row> rows() {
        return rows;
    }

    /**
     * Whether a parameter takes values from a list: any non-numeric value, or a {@code choice} in the
     * compared experiments' search spaces where none samples it from a range. Charts draw it as
     * categories, never as a continuous axis with values between the choices. A parameter that one
     * experiment samples from a range (a log-uniform learning rate) and another lists as choices stays
     * numeric: as categories, every sampled value became a label of its own, printed to 17 digits.
     */
    public boolean categorical(String parameter) {
        boolean choice = false;
        boolean range = false;
        for (Row r : rows) {
            Object v = r.trial().params() == null ? null : r.trial().params().get(parameter);
            if (v != null && !(v instanceof Number)) {
                return true;
            }
            var spec = r.experiment().spec();
            var param = spec == null || spec.search() == null || spec.search().space() == null ? null : spec.search().space().get(parameter);
            if (param != null) {
                choice |= "choice".equals(param.type());
                range |= !"choice".equals(param.type());
            }
        }
        return choice && !range;
    }

    /** The categories of a parameter among the given rows: numbers in numeric order, then the rest in text order. */
    public static List<String> categories(String parameter, List<Row> among) {
        Map<String, Object> byLabel = new TreeMap<>();
        for (Row r : among) {
            Object v = r.trial().params() == null ? null : r.trial().params().get(parameter);
            if (v != null) {
                byLabel.put(category(v), v);
            }
        }
        return byLabel.entrySet().stream()
                .sorted(java.util.Comparator.comparing((Map.Entry<String, Object> e) -> !(e.getValue() instanceof Number))
                        .thenComparingDouble(e -> e.getValue() instanceof Number n ? n.doubleValue() : 0)
                        .thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey).toList();
    }

    /**
     * A line's legend entry: the trial and the parameters in which the compared trials differ, which
     * is what tells the lines apart (a trial number alone says nothing), e.g. {@code sweep #3 learningRate=0.000923}.
     */
    public String legend(Row r) {
        Map<String, Object> params = r.trial().params() == null ? Map.of() : r.trial().params();
        StringBuilder sb = new StringBuilder(r.label());
        for (String p : differing(parameters(), rows)) {
            if (params.get(p) != null) {
                Object v = params.get(p);
                sb.append(' ').append(p).append('=').append(v instanceof Double d && Double.isFinite(d) && d != 0
                        ? new java.math.BigDecimal(d).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString()
                        : String.valueOf(v));
            }
        }
        return sb.toString();
    }

    /** One value as a category label: 2 and 2.0 are both "2", 0.001 stays "0.001". */
    public static String category(Object value) {
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return new java.math.BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }

    public Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        rows.forEach(r -> {
            if (r.experiment().objectiveMetric() != null) {
                names.add(r.experiment().objectiveMetric());
            }
            curves.getOrDefault(r.trial().id(), Map.of()).keySet().forEach(names::add);
        });
        return names;
    }

    public Double value(Row row, String metric) {
        if (metric.equals(row.experiment().objectiveMetric()) && row.trial().objective() != null) {
            return row.trial().objective();
        }
        TreeMap<Integer, Double> curve = curves.getOrDefault(row.trial().id(), Map.of()).get(metric);
        if (curve != null && !curve.isEmpty()) {
            return curve.lastEntry().getValue();
        }
        return row.trial().lastMetrics() == null ? null : row.trial().lastMetrics().get(metric);
    }

    /** Whether larger is better for this metric: the experiments' objective mode, else by name. */
    public boolean maximise(String metric) {
        for (Row r : rows) {
            if (metric.equals(r.experiment().objectiveMetric())) {
                return !"min".equals(r.experiment().objectiveMode());
            }
        }
        String m = metric.toLowerCase(java.util.Locale.ROOT);
        return !(m.contains("loss") || m.contains("error"));
    }

    public List<double[]> curve(Row row, String metric) {
        TreeMap<Integer, Double> curve = curves.getOrDefault(row.trial().id(), Map.of()).get(metric);
        List<double[]> points = new ArrayList<>();
        if (curve != null) {
            curve.forEach((step, value) -> points.add(new double[] {step, value}));
        }
        return points;
    }

    /** Parameter names in first-seen order. */
    public List<String> parameters() {
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(r -> {
            if (r.trial().params() != null) {
                names.addAll(new TreeSet<>(r.trial().params().keySet()));
            }
        });
        return List.copyOf(names);
    }

    /** Parameters whose value is not the same in every given row. */
    public static List<String> differing(List<String> parameters, List<Row> among) {
        List<String> out = new ArrayList<>();
        for (String p : parameters) {
            Set<Object> values = new java.util.HashSet<>();
            for (Row r : among) {
                Object v = r.trial().params() == null ? null : r.trial().params().get(p);
                values.add(v instanceof Number n ? (Object) n.doubleValue() : Objects.toString(v, null));
            }
            if (values.size() > 1) {
                out.add(p);
            }
        }
        return out;
    }

    /** Rows with a value for the metric, best first. */
    public List<Row> ranked(String metric) {
        boolean max = maximise(metric);
        List<Row> out = new ArrayList<>(rows.stream().filter(r -> value(r, metric) != null).toList());
        out.sort((a, b) -> max ? Double.compare(value(b, metric), value(a, metric)) : Double.compare(value(a, metric), value(b, metric)));
        return out;
    }
}
