package org.transferlab.protocol.spec;

import java.util.List;
import java.util.Map;

/**
 * What one trial setting may be: a number in an interval, whole or not. There is one rule per
 * setting, and the validator applies it to the fixed value in the spec ({@code train.batchSize})
 * and to every value a search space can produce for it ({@code search.space.batchSize.min},
 * {@code .max}, {@code .values[i]}), so a sweep can never hand a worker what a fixed value could
 * not be.
 */
record ValueRule(double low, boolean lowOpen, double high, boolean whole, String meaning) {

    static ValueRule positive() {
        return new ValueRule(0, true, Double.POSITIVE_INFINITY, false, "must be positive");
    }

    static ValueRule notNegative() {
        return new ValueRule(0, false, Double.POSITIVE_INFINITY, false, "must not be negative");
    }

    static ValueRule wholeBetween(long low, long high, String meaning) {
        return new ValueRule(low, false, high, true, meaning);
    }

    /** The rule of every setting a search space may set, for this spec and these limits. */
    static Map<String, ValueRule> forSpec(ExperimentSpec spec, SpecLimits limits) {
        int layers = spec.model().bodyLayers();
        return Map.ofEntries(
                Map.entry("learningRate", positive()),
                Map.entry("bodyLearningRate", positive()),
                Map.entry("frozenLayers", wholeBetween(0, layers, "must be between 0 and " + layers + " (the body's layer count)")),
                Map.entry("epochs", wholeBetween(1, limits.maxEpochs(),
                        "must be 1.." + limits.maxEpochs() + " (transferlab.orchestrator.spec-limits.max-epochs)")),
                Map.entry("batchSize", wholeBetween(1, limits.maxBatchSize(),
                        "must be 1.." + limits.maxBatchSize() + " (transferlab.orchestrator.spec-limits.max-batch-size)")),
                Map.entry("guideScale", positive()),
                Map.entry("momentum", new ValueRule(0, false, 0.999, false, "must be in [0, 0.999] (SGD's momentum coefficient)")),
                Map.entry("temperature", positive()),
                Map.entry("softWeight", notNegative()),
                Map.entry("hardWeight", notNegative()),
                Map.entry("width", positive()),
                Map.entry("x", new ValueRule(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, false, "must be a finite number")),
                Map.entry("y", new ValueRule(Double.NEGATIVE_INFINITY, true, Double.POSITIVE_INFINITY, false, "must be a finite number")),
                Map.entry("sleepMs", wholeBetween(0, limits.maxSleepMs(),
                        "must be 0.." + limits.maxSleepMs() + " (transferlab.orchestrator.spec-limits.max-sleep-ms)")));
    }

    /** Adds an error for {@code field} unless {@code value} obeys this rule. */
    void check(String field, Object value, List<FieldError> errors) {
        if (!(value instanceof Number n)) {
            errors.add(new FieldError(field, "must be a number, was " + (value instanceof String s ? "'" + s + "'" : value)));
            return;
        }
        double v = n.doubleValue();
        if (!Double.isFinite(v)) {
            errors.add(new FieldError(field, "must be a finite number, was " + value));
        } else if (whole && v != Math.rint(v)) {
            errors.add(new FieldError(field, "must be a whole number, was " + value));
        } else if (v < low || (lowOpen && v == low) || v > high) {
            errors.add(new FieldError(field, meaning + ", was " + (whole ? Long.toString((long) v) : value)));
        }
    }
}
