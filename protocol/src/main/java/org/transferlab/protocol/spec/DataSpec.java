package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Which data a plan uses. The source task (pretraining) uses {@code sourceClasses}; the target
 * task (fine-tuning) uses {@code targetClasses} with {@code examplesPerClass} training examples per
 * class (k-shot, sampled with the experiment seed) and {@code validationPerClass} held-out ones.
 */
public record DataSpec(
        String dataset,
        List<Integer> sourceClasses,
        Integer sourceExamplesPerClass,
        List<Integer> targetClasses,
        Integer examplesPerClass,
        Integer validationPerClass) {

    DataSpec withDefaults() {
        return new DataSpec(
                dataset == null ? "mnist" : dataset,
                sourceClasses == null ? List.of(0, 1, 2, 3, 4) : List.copyOf(sourceClasses),
                sourceExamplesPerClass == null ? 500 : sourceExamplesPerClass,
                targetClasses == null ? List.of(5, 6, 7, 8, 9) : List.copyOf(targetClasses),
                examplesPerClass == null ? 20 : examplesPerClass,
                validationPerClass == null ? 100 : validationPerClass);
    }
}
