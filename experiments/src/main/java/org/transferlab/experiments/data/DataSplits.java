package org.transferlab.experiments.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * Train / validation / test of one dataset for one experiment, so no stage can select on the test
 * part. Validation is carved out of the <em>training</em> part: {@code validationPerClass} examples
 * of every class, chosen by a shuffle seeded with the split seed (the experiment seed) and the
 * class, so every trial of an experiment, whatever its own seed or class subset, is selected on the
 * same examples. {@link #training()} is what remains: k-shot samples, source samples and full
 * training sets are drawn from it, never overlapping validation. The test part is read only by
 * {@link #test}, which stages call once, after training, for the metrics reported beside the
 * selection metric.
 */
public final class DataSplits {

    private final Dataset dataset;
    private final int validationPerClass;
    private final int testPerClass;
    private final long splitSeed;
    private final LabeledExamples training;
    private final LabeledExamples validation;
    /** How many training examples each class had before validation was carved out. */
    private final int[] classSizes;

    /**
     * @param testPerClass test examples per class scored at the end; 0 for every test example
     * @param splitSeed the seed of the carve and of a bounded test sample
     */
    public DataSplits(Dataset dataset, int validationPerClass, int testPerClass, long splitSeed) {
        if (validationPerClass <= 0) {
            throw new IllegalArgumentException("validation examples per class must be positive, got " + validationPerClass);
        }
        this.dataset = dataset;
        this.validationPerClass = validationPerClass;
        this.testPerClass = testPerClass;
        this.splitSeed = splitSeed;
        LabeledExamples train = dataset.train();
        int classes = dataset.info().classes();
        this.classSizes = train.classCounts(classes);
        int[][] byClass = new int[classes][];
        for (int cls = 0; cls < classes; cls++) {
            byClass[cls] = new int[classSizes[cls]];
        }
        int[] filled = new int[classes];
        for (int i = 0; i < train.size(); i++) {
            int cls = train.label(i);
            byClass[cls][filled[cls]++] = i;
        }
        List<Integer> held = new ArrayList<>();
        List<Integer> kept = new ArrayList<>();
        for (int cls = 0; cls < classes; cls++) {
            int[] members = byClass[cls];
            Shuffle.inPlace(members, new Random(classSeed(splitSeed, cls)));
            int carve = Math.min(validationPerClass, members.length);
            for (int i = 0; i < members.length; i++) {
                (i < carve ? held : kept).add(members[i]);
            }
        }
        int[] keptRows = kept.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] heldRows = held.stream().mapToInt(Integer::intValue).sorted().toArray();
        String source = train.source() + bundledNote(dataset);
        this.training = new ExampleRows(train, keptRows, source + " without its validation examples");
        this.validation = new ExampleRows(train, heldRows, source + " (validation carved from training)");
    }

    /**
     * A spec written for the full dataset (the fine-tune demo pretrains on 5,000 images per class)
     * fails on the bundled subset a lab falls back to without network; the sampling error then says
     * so and how to fetch the full one, instead of only naming a classpath file.
     */
    private static String bundledNote(Dataset dataset) {
        return dataset.bundledSubset()
                ? " (the bundled " + dataset.train().size() + "-image subset of " + dataset.name()
                        + ", not the full dataset: scripts/fetch-data.sh fetches it)"
                : "";
    }

    /** The splits of {@code dataset} under the spec's {@code data.validationPerClass}, {@code data.testPerClass} and seed. */
    public static DataSplits of(Dataset dataset, ExperimentSpec spec) {
        return new DataSplits(dataset, spec.data().validationPerClass(), spec.data().testPerClass(), spec.seed());
    }

    /** The training part without the validation examples: where every training sample is drawn. */
    public LabeledExamples training() {
        return training;
    }

    /** Every carved validation example, of every class. */
    LabeledExamples validationRows() {
        return validation;
    }

    /**
     * The validation examples of {@code classes} (labels remapped as {@link ClassSampler} does).
     *
     * @throws IllegalArgumentException when a class cannot give {@code validationPerClass} examples
     *     and still keep one to train on
     */
    public DataSet validation(List<Integer> classes) {
        for (int cls : classes) {
            if (cls < 0 || cls >= classSizes.length) {
                throw new IllegalArgumentException("class " + cls + " is not a class of " + dataset.name());
            }
            if (classSizes[cls] <= validationPerClass) {
                throw new IllegalArgumentException("class " + cls + ": validationPerClass=" + validationPerClass
                        + " is carved from the training part, which has only " + classSizes[cls] + " examples of it in "
                        + dataset.train().source());
            }
        }
        int[] rows = indicesOf(validation, classes);
        return ClassSampler.toDataSet(validation, rows, classes);
    }

    /**
     * The held-out test examples of {@code classes}: all of them in file order, or at most
     * {@code testPerClass} per class chosen with the split seed. Read once per finished trial.
     */
    public DataSet test(List<Integer> classes) {
        LabeledExamples test = dataset.test();
        if (testPerClass <= 0) {
            return ClassSampler.toDataSet(test, indicesOf(test, classes), classes);
        }
        List<Integer> rows = new ArrayList<>();
        for (int cls : classes) {
            int[] members = test.indicesOf(cls);
            Shuffle.inPlace(members, new Random(classSeed(splitSeed ^ 0x7E57L, cls)));
            for (int i = 0; i < Math.min(testPerClass, members.length); i++) {
                rows.add(members[i]);
            }
        }
        return ClassSampler.toDataSet(test, rows.stream().mapToInt(Integer::intValue).sorted().toArray(), classes);
    }

    /** Row indices of the listed classes' examples, in storage order. */
    private static int[] indicesOf(LabeledExamples part, List<Integer> classes) {
        return java.util.stream.IntStream.range(0, part.size()).filter(i -> classes.contains(part.label(i))).toArray();
    }

    /** A class's own stream: the carve of a class does not depend on which other classes exist. */
    private static long classSeed(long seed, int cls) {
        return seed * 0x9E3779B97F4A7C15L + 31L * (cls + 1);
    }

    @Override
    public String toString() {
        return dataset.name() + ": " + training.size() + " training, " + validation.size() + " validation (carved, "
                + validationPerClass + "/class), test " + (testPerClass <= 0 ? "all" : testPerClass + "/class") + " of "
                + dataset.test().size() + ", seed " + splitSeed;
    }
}
