package org.transferlab.protocol.spec;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *
 * <p>{@code sources} declares datasets from the lab's own files by name ({@link DataSourceSpec}).
 */
public record DataSpec(
        String dataset,
        String sourceDataset,
        List<Integer> sourceClasses,
        Integer sourceExamplesPerClass,
        List<Integer> targetClasses,
        Integer examplesPerClass,
        Integer validationPerClass,
        Integer testPerClass,
        Map<String, DataSourceSpec> sources) {

    /** A spec that reads bundled datasets only. */
    public DataSpec(String dataset, String sourceDataset, List<Integer> sourceClasses, Integer sourceExamplesPerClass,
            List<Integer> targetClasses, Integer examplesPerClass, Integer validationPerClass) {
        this(dataset, sourceDataset, sourceClasses, sourceExamplesPerClass, targetClasses, examplesPerClass, validationPerClass, null, null);
    }

    /** The facts of dataset {@code name}: a bundled one, or a resolved source of this spec; null if neither. */
    public Datasets.Info info(String name) {
        DataSourceSpec own = sources == null || name == null ? null : sources.get(name);
        if (own != null) {
            return own.withDefaults().counted() ? own.withDefaults().info() : null;
        }
        return name == null ? null : Datasets.KNOWN.get(name);
    }

    /** The lab's own source named {@code name}, or null for a bundled dataset. */
    public DataSourceSpec source(String name) {
        return sources == null || name == null ? null : sources.get(name);
    }

    /** This data section with {@code replaced} as its sources. */
    public DataSpec withSources(Map<String, DataSourceSpec> replaced) {
        return new DataSpec(dataset, sourceDataset, sourceClasses, sourceExamplesPerClass, targetClasses, examplesPerClass,
                validationPerClass, testPerClass, replaced);
    }

    DataSpec withDefaults() {
        String target = dataset == null ? "mnist" : dataset;
        String source = sourceDataset == null ? target : sourceDataset;
        Map<String, DataSourceSpec> own = new LinkedHashMap<>();
        if (sources != null) {
            sources.forEach((name, s) -> own.put(name, s == null ? null : s.withDefaults()));
        }
        DataSpec withSources = new DataSpec(target, source, null, null, null, null, null, null, Collections.unmodifiableMap(own));
        Datasets.Info targetInfo = withSources.info(target);
        Datasets.Info sourceInfo = withSources.info(source);
        int validation = validationPerClass == null ? Math.min(100, Datasets.defaultValidation(targetInfo)) : validationPerClass;
        return new DataSpec(
                target,
                source,
                sourceClasses == null ? Datasets.lowerHalf(sourceInfo) : SpecLists.copy(sourceClasses),
                sourceExamplesPerClass == null ? Datasets.defaultSourceExamples(sourceInfo, validation) : sourceExamplesPerClass,
                targetClasses == null
                        ? (source.equals(target) ? Datasets.upperHalf(targetInfo) : Datasets.allClasses(targetInfo))
                        : SpecLists.copy(targetClasses),
                examplesPerClass == null ? 20 : examplesPerClass,
                validation,
                testPerClass == null ? 0 : testPerClass,
                withSources.sources());
    }
}
