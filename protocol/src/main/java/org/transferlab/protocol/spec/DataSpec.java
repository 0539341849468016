package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Which data a plan uses. The source task (pretraining, teacher, scouts on the source) reads
 * {@code sourceDataset} with {@code sourceClasses}; the target task (fine-tuning, students) reads
 * {@code dataset} with {@code targetClasses}, {@code examplesPerClass} training examples per class
 * (k-shot, sampled with each trial's own seed) and {@code validationPerClass} held-out ones.
 * {@code sourceDataset} defaults to {@code dataset}; a different one makes a cross-domain transfer.
 * Class lists default to the source/target halves of the dataset's classes when left out.
 *
 * <p>Splits: validation is carved out of the <em>training</em> part ({@code validationPerClass} per
 * class, seeded with the experiment seed, the same for every trial of the experiment), and the
 * training examples a trial samples never include them. Search, schedulers and "best" see only
 * validation. The test part is scored once per finished trial: every test example of the task's
 * classes, or at most {@code testPerClass} per class (seeded with the experiment seed) when that is
 * positive.
 *
 * @param sourceExamplesPerClass default: 500, or fewer where the source's smallest class cannot
 *     give that many besides its {@code validationPerClass}
 * @param testPerClass test examples per class each finished trial is scored on; 0 (default) for all
 */
public record DataSpec(
        String dataset,
        String sourceDataset,
        List<Integer> sourceClasses,
        Integer sourceExamplesPerClass,
        List<Integer> targetClasses,
        Integer examplesPerClass,
        Integer validationPerClass,
        Integer testPerClass) {

    DataSpec withDefaults() {
        String target = dataset == null ? "mnist" : dataset;
        String source = sourceDataset == null ? target : sourceDataset;
        int validation = validationPerClass == null ? Math.min(100, Datasets.defaultValidation(target)) : validationPerClass;
        return new DataSpec(
                target,
                source,
                sourceClasses == null ? Datasets.lowerHalf(source) : SpecLists.copy(sourceClasses),
                sourceExamplesPerClass == null ? Datasets.defaultSourceExamples(source, validation) : sourceExamplesPerClass,
                targetClasses == null
                        ? (source.equals(target) ? Datasets.upperHalf(target) : Datasets.allClasses(target))
                        : SpecLists.copy(targetClasses),
                examplesPerClass == null ? 20 : examplesPerClass,
                validation,
                testPerClass == null ? 0 : testPerClass);
    }
}
