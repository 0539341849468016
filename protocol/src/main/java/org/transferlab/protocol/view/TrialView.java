package org.transferlab.protocol.view;

import java.time.Instant;
import java.util.Map;
import org.transferlab.protocol.work.TrialStage;

/**
 * A trial as the API shows it. {@code stage} names the plan stage it belongs to: {@code pretrain},
 * {@code scout}, {@code guide}, {@code teacher} (single stages), or the sweep stages {@code finetune},
 * {@code guided}, {@code student}, {@code synthetic} and their automatic baselines {@code baseline}
 * (a guided configuration run without the guide) and {@code scratch} (a student without teacher);
 * {@code lastMetrics} are the latest epoch's values.
 *
 * @param attempts how many times the trial was handed to a slot (retries and resumes included)
 * @param configuration the searcher's proposal this trial runs (1-based): a {@code guided} trial
 *     and its {@code baseline} twin share it, so do a {@code student} and the {@code scratch} run
 *     of the same non-distillation parameters; null for single stages
 * @param inputs artifacts the trial consumed (role → artifact id), e.g. {@code body}, {@code guide}, {@code teacher}
 * @param outputs artifacts the trial published (role → artifact id), e.g. {@code model}, {@code guide}
 * @param testMetrics held-out test metrics ({@code test_accuracy}, {@code test_loss}, ...), measured
 *     once when the trial finished, on the test split nothing selects on; empty until then. Shown
 *     beside the objective, never read by search, schedulers or "best"
 */
public record TrialView(
        String id,
        String experimentId,
        int number,
        TrialStage stage,
        TrialStatus status,
        Map<String, Object> params,
        String slot,
        int epochs,
        Map<String, Double> lastMetrics,
        Double objective,
        Instant startedAt,
        Instant finishedAt,
        String message,
        int attempts,
        Integer configuration,
        Map<String, String> inputs,
        Map<String, String> outputs,
        Map<String, Double> testMetrics) {

    public TrialView {
        inputs = inputs == null ? Map.of() : inputs;
        outputs = outputs == null ? Map.of() : outputs;
        testMetrics = testMetrics == null ? Map.of() : testMetrics;
    }

    /** The shape before test metrics were shown. */
    public TrialView(String id, String experimentId, int number, TrialStage stage, TrialStatus status,
            Map<String, Object> params, String slot, int epochs, Map<String, Double> lastMetrics, Double objective,
            Instant startedAt, Instant finishedAt, String message, int attempts, Integer configuration,
            Map<String, String> inputs, Map<String, String> outputs) {
        this(id, experimentId, number, stage, status, params, slot, epochs, lastMetrics, objective, startedAt,
                finishedAt, message, attempts, configuration, inputs, outputs, Map.of());
    }

    /**
     * The held-out counterpart of a selection metric: {@code val_accuracy} → {@code test_accuracy},
     * {@code val_loss} and {@code train_loss} → {@code test_loss}.
     */
    public static String testMetricFor(String selectionMetric) {
        if (selectionMetric == null) {
            return "test_accuracy";
        }
        String base = selectionMetric.replaceFirst("^(val|train)_", "");
        return "test_" + base;
    }

    /** This trial's held-out value of the metric matching {@code selectionMetric}, or null before it finished. */
    public Double testValue(String selectionMetric) {
        return testMetrics.get(testMetricFor(selectionMetric));
    }

    /** The shape before attempts, configuration and artifacts were shown. */
    public TrialView(String id, String experimentId, int number, TrialStage stage, TrialStatus status,
            Map<String, Object> params, String slot, int epochs, Map<String, Double> lastMetrics, Double objective,
            Instant startedAt, Instant finishedAt, String message) {
        this(id, experimentId, number, stage, status, params, slot, epochs, lastMetrics, objective, startedAt,
                finishedAt, message, 0, null, Map.of(), Map.of(), Map.of());
    }
}
