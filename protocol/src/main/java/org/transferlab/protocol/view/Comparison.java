package org.transferlab.protocol.view;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.transferlab.protocol.work.TrialStage;

/**
 * A method against its automatic baseline, as a researcher would report it: the method's best
 * configuration, chosen on the selection (validation) metric alone, its seeds paired with the
 * baseline's runs on the same seeds, and the mean paired difference of each metric with its 95 %
 * interval ({@link PairedDifference}). Computed from the trials alone, the same way wherever it is
 * shown (API, {@code tlab show}, {@code --follow}, dashboard).
 *
 * <p><b>Selection.</b> Method trials (guided, student, finetune, synthetic) that completed their
 * budget are grouped by configuration (their parameters without {@code seed}); the configuration with
 * the best mean objective wins, ties to the one proposed first. Held-out metrics never take part.
 *
 * <p><b>Pairing.</b> Each of the winner's trials pairs with the completed baseline trial that ran
 * on its terms: the baseline's parameters are all among the method trial's, with equal values (a GTL
 * baseline repeats the guided configuration, a scratch student keeps the non-distillation ones, a
 * fine-tune's network from scratch keeps the budget and the seed). When several qualify, the one
 * with the most parameters in common wins, then the twin of the same searcher proposal, then the
 * earliest. Trials stopped early or failed are left out on both sides: they did not run the budget.
 *
 * @param method the method's stage, e.g. {@code guided}; null when no method trial has completed
 * @param baseline the baseline's stage, e.g. {@code baseline}; null when the experiment has none
 * @param baselineName how summaries name the baseline, e.g. {@code plain fine-tune}
 * @param configuration the winning configuration's parameters (without {@code seed})
 * @param pairs the paired trials, in the method's trial order
 * @param differences the objective's difference first, then each held-out metric's
 * @param unpaired the winning configuration's trials that ended without a pair: stopped early,
 *     failed, cancelled, or without a completed baseline on their seed. Leaving them out can flatter
 *     the method (a scheduler stops the unlucky seeds), so every summary says how many there are.
 */
public record Comparison(
        TrialStage method,
        TrialStage baseline,
        String baselineName,
        Map<String, Object> configuration,
        List<Pair> pairs,
        List<PairedDifference> differences,
        int unpaired) {

    /** The trial parameter that tells a configuration's repeats apart. */
    public static final String SEED = "seed";
    /** Held-out metrics are reported under this prefix; they are compared when no list is given. */
    public static final String HELD_OUT_PREFIX = "test_";

    /**
     * One seed's pair.
     *
     * @param seed the {@code seed} parameter of the pair (null for a configuration run once)
     * @param methodTrial the method trial's number
     * @param baselineTrial the baseline trial's number
     * @param methodValues the method trial's values of every compared metric
     * @param baselineValues the baseline trial's values of every compared metric
     */
    public record Pair(Object seed, int methodTrial, int baselineTrial, Map<String, Double> methodValues,
            Map<String, Double> baselineValues) {}

    public Comparison {
        configuration = configuration == null ? Map.of() : configuration;
        pairs = pairs == null ? List.of() : List.copyOf(pairs);
        differences = differences == null ? List.of() : List.copyOf(differences);
    }

    /** The comparison of the objective and of every {@code test_*} metric the paired trials report. */
    public static Comparison of(List<TrialView> trials, String objectiveMetric, String objectiveMode) {
        return of(trials, objectiveMetric, objectiveMode, null);
    }

    /**
     * The comparison of the objective ({@code objectiveMetric}, read from each trial's objective) and of
     * {@code heldOutMetrics} (read from each trial's last metrics); null means every metric named
     * {@code test_*} that a paired trial reports.
     */
    public static Comparison of(List<TrialView> trials, String objectiveMetric, String objectiveMode,
            List<String> heldOutMetrics) {
        boolean minimise = "min".equals(objectiveMode);
        List<TrialView> completed = trials.stream()
                .filter(t -> t.status() == TrialStatus.COMPLETED && t.objective() != null && !t.objective().isNaN())
                .toList();
        TrialStage baselineStage = trials.stream().map(TrialView::stage).filter(TrialStage::baseline).findFirst().orElse(null);
        String baselineName = baselineStage == null ? null : Standing.BASELINES.get(baselineStage);

        Map<Map<String, Object>, List<TrialView>> byConfiguration = new LinkedHashMap<>();
        completed.stream().filter(t -> t.stage().method()).sorted(Comparator.comparingInt(TrialView::number))
                .forEach(t -> byConfiguration.computeIfAbsent(withoutSeed(t.params()), k -> new ArrayList<>()).add(t));
        Map.Entry<Map<String, Object>, List<TrialView>> best = null;
        double bestMean = Double.NaN;
        for (var entry : byConfiguration.entrySet()) {
            double mean = entry.getValue().stream().mapToDouble(TrialView::objective).average().orElse(Double.NaN);
            if (best == null || (minimise ? mean < bestMean : mean > bestMean)) {
                best = entry;
                bestMean = mean;
            }
        }
        if (best == null) {
            TrialStage method = trials.stream().map(TrialView::stage).filter(TrialStage::method).findFirst().orElse(null);
            return new Comparison(method, baselineStage, baselineName, Map.of(), List.of(), List.of(), 0);
        }

        List<TrialView> baselines = completed.stream().filter(t -> t.stage().baseline()).toList();
        List<TrialView[]> paired = new ArrayList<>();
        for (TrialView m : best.getValue()) {
            twinOf(m, baselines).ifPresent(b -> paired.add(new TrialView[] {m, b}));
        }

        List<String> metrics = new ArrayList<>();
        metrics.add(objectiveMetric);
        if (heldOutMetrics != null) {
            heldOutMetrics.stream().filter(m -> !m.equals(objectiveMetric)).forEach(metrics::add);
        } else {
            TreeSet<String> found = new TreeSet<>();
            for (TrialView[] p : paired) {
                for (TrialView t : p) {
                    t.testMetrics().keySet().stream().filter(k -> k.startsWith(HELD_OUT_PREFIX)).forEach(found::add);
                }
            }
            found.remove(objectiveMetric);
            metrics.addAll(found);
        }

        List<Pair> pairs = new ArrayList<>();
        Map<String, List<Double>> differences = new LinkedHashMap<>();
        metrics.forEach(metric -> differences.put(metric, new ArrayList<>()));
        for (TrialView[] p : paired) {
            Map<String, Double> method = new LinkedHashMap<>();
            Map<String, Double> base = new LinkedHashMap<>();
            for (String metric : metrics) {
                Double a = value(p[0], metric, objectiveMetric);
                Double b = value(p[1], metric, objectiveMetric);
                if (a != null && b != null) {
                    method.put(metric, a);
                    base.put(metric, b);
                    differences.get(metric).add(a - b);
                }
            }
            pairs.add(new Pair(p[0].params().get(SEED), p[0].number(), p[1].number(), method, base));
        }
        List<PairedDifference> out = new ArrayList<>();
        differences.forEach((metric, values) -> out.add(PairedDifference.of(metric,
                metric.equals(objectiveMetric) ? (minimise ? "min" : "max") : modeOf(metric, objectiveMode), values)));
        Map<String, Object> winner = best.getKey();
        long ended = trials.stream().filter(t -> t.stage().method() && t.status() != null && t.status().terminal())
                .filter(t -> withoutSeed(t.params()).equals(winner)).count();
        return new Comparison(best.getValue().getFirst().stage(), baselineStage, baselineName, winner, pairs, out,
                (int) Math.max(0, ended - pairs.size()));
    }

    /** Whether the experiment has an automatic baseline at all. */
    public boolean hasBaseline() {
        return baseline != null;
    }

    /** The objective's difference (the first), if any method trial has completed. */
    public PairedDifference objective() {
        return differences.isEmpty() ? null : differences.getFirst();
    }

    /**
     * One line per compared metric, e.g. {@code guided − plain fine-tune (val_accuracy): +2.1 pts [0.4,
     * 3.8], 10 seeds}; a single line saying why there is nothing to compare yet otherwise.
     */
    public List<String> lines() {
        if (baseline == null) {
            return List.of("no automatic baseline in this experiment");
        }
        if (differences.isEmpty()) {
            return List.of(methodName() + " − " + baselineName + ": waiting for completed " + methodName() + " and "
                    + baselineName + " trials");
        }
        return differences.stream().map(d -> d.text(methodName(), baselineName)).toList();
    }

    /**
     * The comparison as a terminal prints it: what was paired with what, one line per metric, and the
     * verdict on the selection metric, e.g.
     * <pre>
     * baseline: network from scratch, paired by seed with the best finetune configuration on val_accuracy (learningRate=0.01)
     *   finetune − network from scratch (val_accuracy): +5.3 pts [-0.9, 11.6], 3 seeds
     *   finetune scored 5.3 pts above network from scratch, but the interval includes 0: no clear difference
     * </pre>
     */
    public List<String> report() {
        if (baseline == null || differences.isEmpty()) {
            return lines();
        }
        List<String> out = new ArrayList<>();
        out.add("baseline: " + baselineName + ", paired by seed with the best " + methodName() + " configuration on "
                + objective().metric() + " (" + configurationText() + ")");
        lines().forEach(line -> out.add("  " + line));
        out.add("  " + verdict());
        if (unpaired > 0) {
            out.add("  left out: " + unpaired + (unpaired == 1 ? " trial" : " trials") + " of this configuration that ended "
                    + "without a full-budget pair (stopped early, failed, or no completed baseline on its seed)");
        }
        return out;
    }

    /** What the objective's difference says, in words (see {@link PairedDifference#verdict}). */
    public String verdict() {
        PairedDifference d = objective();
        if (baseline == null || d == null) {
            return lines().getFirst();
        }
        return d.verdict(methodName(), baselineName);
    }

    /** The configuration compared, e.g. {@code best configuration on val_accuracy: learningRate=0.01 frozenLayers=1}. */
    public String configurationText() {
        return configuration.isEmpty() ? "spec defaults" : configuration.entrySet().stream()
                .map(e -> e.getKey() + "=" + parameter(e.getValue())).collect(Collectors.joining(" "));
    }

    /** A parameter value as people write it: four significant digits, never {@code 9.23E-4}. */
    static String parameter(Object v) {
        if (v instanceof Double d && Double.isFinite(d) && d != 0) {
            return new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(v);
    }

    private String methodName() {
        return method == null ? "method" : method.wire();
    }

    /** Higher is better unless the name says loss or error; the objective's own mode otherwise decides. */
    static String modeOf(String metric, String objectiveMode) {
        String m = metric.toLowerCase(Locale.ROOT);
        if (m.contains("loss") || m.contains("error")) {
            return "min";
        }
        if (m.contains("accuracy")) {
            return "max";
        }
        return "min".equals(objectiveMode) ? "min" : "max";
    }

    private static Double value(TrialView t, String metric, String objectiveMetric) {
        // held-out metrics are stored once per finished trial beside the objective, never among the epoch metrics
        Double v = metric.equals(objectiveMetric) ? t.objective()
                : metric.startsWith(HELD_OUT_PREFIX) ? t.testMetrics().get(metric)
                : t.lastMetrics() == null ? null : t.lastMetrics().get(metric);
        return v == null || v.isNaN() || v.isInfinite() ? null : v;
    }

    private static Map<String, Object> withoutSeed(Map<String, Object> params) {
        Map<String, Object> out = new LinkedHashMap<>(params);
        out.remove(SEED);
        return out;
    }

    /**
     * The baseline trial among {@code baselines} that ran on {@code method}'s terms (see Pairing
     * above): its parameters are all the method trial's, with equal values; the one sharing the most
     * parameters wins, then the twin of the same searcher proposal, then the earliest.
     */
    static java.util.Optional<TrialView> twinOf(TrialView method, List<TrialView> baselines) {
        return baselines.stream().filter(b -> runsOnTermsOf(b, method))
                .min(Comparator.comparingInt((TrialView b) -> -b.params().size())
                        .thenComparing(b -> !Objects.equals(b.configuration(), method.configuration()))
                        .thenComparingInt(TrialView::number));
    }

    /** Every parameter of the baseline trial is the method trial's too, with an equal value. */
    private static boolean runsOnTermsOf(TrialView baseline, TrialView method) {
        for (var e : baseline.params().entrySet()) {
            if (!method.params().containsKey(e.getKey()) || !same(e.getValue(), method.params().get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b);
    }
}
