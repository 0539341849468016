package org.transferlab.protocol.work;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a finished unit of work returns: its final metrics, the artifacts it published (role →
 * artifact id), whether it ended early because a stop was requested, and its held-out test
 * metrics.
 *
 * <p>Test metrics are measured once, at the end, on the test split the stage never trained or
 * validated on. They are kept apart by construction: a metric whose name starts with
 * {@value #TEST_PREFIX} is never in {@code finalMetrics} (one given there is moved to
 * {@code testMetrics}), so whatever reads {@code finalMetrics} for selection (the objective, the
 * search, the schedulers, "best") cannot see the test split.
 *
 * @param finalMetrics the last validation and training metrics, what selection may read
 * @param testMetrics held-out test metrics ({@code test_accuracy}, {@code test_loss}, ...), for reporting only
 * @param transferability the transferability stage's scores of the candidate cut points; empty for every other stage
 */
public record WorkResult(Map<String, Double> finalMetrics, Map<String, String> artifacts, boolean stoppedEarly,
        Map<String, Double> testMetrics, List<CandidateScore> transferability) {

    /** The name prefix of every held-out test metric. */
    public static final String TEST_PREFIX = "test_";

    public WorkResult {
        Map<String, Double> selection = new LinkedHashMap<>();
        Map<String, Double> test = new LinkedHashMap<>(testMetrics == null ? Map.of() : testMetrics);
        (finalMetrics == null ? Map.<String, Double>of() : finalMetrics).forEach((name, value) -> {
            if (isTestMetric(name)) {
                test.put(name, value);
            } else {
                selection.put(name, value);
            }
        });
        test.keySet().forEach(name -> {
            if (!isTestMetric(name)) {
                throw new IllegalArgumentException("test metric '" + name + "' must start with '" + TEST_PREFIX + "'");
            }
        });
        finalMetrics = Map.copyOf(selection);
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
        testMetrics = Map.copyOf(test);
        transferability = transferability == null ? List.of() : List.copyOf(transferability);
    }

    /** A result of a stage that scores no candidates (every stage but transferability). */
    public WorkResult(Map<String, Double> finalMetrics, Map<String, String> artifacts, boolean stoppedEarly,
            Map<String, Double> testMetrics) {
        this(finalMetrics, artifacts, stoppedEarly, testMetrics, List.of());
    }

    /** The transferability stage's result: its candidates' scores, no metrics, no artifacts. */
    public static WorkResult scored(List<CandidateScore> candidates) {
        return new WorkResult(Map.of(), Map.of(), false, Map.of(), candidates);
    }

    /** A result without test metrics (a guide reduction, a synthetic trial, a body that already existed). */
    public WorkResult(Map<String, Double> finalMetrics, Map<String, String> artifacts, boolean stoppedEarly) {
        this(finalMetrics, artifacts, stoppedEarly, Map.of());
    }

    /** True for a held-out test metric's name, which no selection path may read. */
    public static boolean isTestMetric(String name) {
        return name != null && name.startsWith(TEST_PREFIX);
    }
}
