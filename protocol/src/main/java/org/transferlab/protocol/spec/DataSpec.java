package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Which data a plan uses. The source task (pretraining, teacher, scouts on the source) reads
 * {@code sourceDataset} with {@code sourceClasses}; the target task (fine-tuning, students) reads
 * {@code dataset} with {@code targetClasses}, {@code examplesPerClass} training examples per class
 * (k-shot, sampled with the experiment seed) and {@code validationPerClass} held-out ones.
 * {@code sourceDataset} defaults to {@code dataset}; a different one makes a cross-domain transfer.
 * Class lists default to the source/target halves of the dataset's classes when left out.
 */
public record DataSpec(
        String dataset,
        String sourceDataset,
        List<Integer> sourceClasses,
        Integer sourceExamplesPerClass,
        List<Integer> targetClasses,
        Integer examplesPerClass,
        Integer validationPerClass) {

    DataSpec withDefaults() {
        String target = dataset == null ? "mnist" : dataset;
        String source = sourceDataset == null ? target : sourceDataset;
        return new DataSpec(
                target,
                source,
                sourceClasses == null ? Datasets.lowerHalf(source) : SpecLists.copy(sourceClasses),
                sourceExamplesPerClass == null ? Datasets.defaultSourceExamples(source) : sourceExamplesPerClass,
                targetClasses == null
                        ? (source.equals(target) ? Datasets.upperHalf(target) : Datasets.allClasses(target))
                        : SpecLists.copy(targetClasses),
                examplesPerClass == null ? 20 : examplesPerClass,
                validationPerClass == null ? Math.min(100, Datasets.defaultValidation(target)) : validationPerClass);
    }
}
