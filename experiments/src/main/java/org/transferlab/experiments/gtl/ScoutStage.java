package org.transferlab.experiments.gtl;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.LabeledExamples;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.experiments.transfer.FineTuneNetwork;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.GtlSpec;
import org.transferlab.protocol.spec.SpecWord;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;

/**
 * One GTL scout (param {@code scout} = index 0..n-1): a copy of the {@code body} input with a fresh
 * head for {@code gtl.classesPerScout} classes, trained in full (no frozen layers; the config's
 * optimizer, {@code gtl.scoutOptimizer}, at {@code gtl.scoutLearningRate}) for
 * {@code gtl.scoutEpochs} on {@code gtl.examplesPerClass} images per class. The classes are drawn
 * from the {@code gtl.scoutData} task's classes by a shuffle seeded with the experiment seed and
 * the scout index, so scout i always sees the same sub-problem.
 *
 * <p>On the source task (the default, as in Nikolić et al.) the scout solves a sub-problem of what
 * the body was pretrained on: classes from {@code data.sourceClasses}, {@code gtl.examplesPerClass}
 * fresh images per class from {@code data.sourceDataset} ({@link #datasetName}), sampled from its
 * training part without the validation examples with a seed drawn from the trial's own seed (which
 * also initialises the head and orders the batches). On the target task the scout only sees images
 * the fine-tune also trains on: the k-shot sample of the sweep's first repeat (drawn with the
 * experiment seed, which is repeat 0's trial seed, from the training part without its validation
 * examples) of {@code data.dataset}, restricted to the scout's classes and cut to
 * {@code min(gtl.examplesPerClass, k)} per class; more target data would leak past the k-shot
 * budget. Validation uses the {@code data.validationPerClass} examples per class carved from the
 * training part of the same dataset ({@link org.transferlab.experiments.data.DataSplits}); the test
 * part is scored once, at the end.
 *
 * <p>Publishes the trained scout network (with updater state, role {@code scout}); the guide stage
 * reads its body parameters and compares them with the body's. {@code batchSize} and
 * {@code checkpointEvery} parameters and {@code resumeFrom} work as in the fine-tune.
 */
public final class ScoutStage extends TrainingStage {

    private static final Logger log = LoggerFactory.getLogger(ScoutStage.class);

    private final List<Integer> classes;
    private final long scoutSeed;
    private final DataSet train;
    private final DataSet validation;

    /** @param mnist the dataset {@link #datasetName} names for this spec */
    public ScoutStage(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts) {
        super(work, spec, mnist, artifacts, ArtifactRole.SCOUT);
        GtlSpec gtl = spec.gtl();
        Integer scout = work.config().scout();
        if (scout == null || scout < 0) {
            throw new IllegalArgumentException("SCOUT work " + work.workId() + " needs a 'scout' index parameter >= 0");
        }
        boolean onTarget = isTarget(gtl.scoutData());
        var data = spec.data();
        this.classes = classesFor(onTarget ? data.targetClasses() : data.sourceClasses(),
                gtl.classesPerScout(), spec.seed(), scout);
        this.scoutSeed = scoutSeed(work.config().seed(), scout);
        this.train = onTarget
                ? fromKShot(splits().training(), data.targetClasses(), data.examplesPerClass(), classes,
                        gtl.examplesPerClass(), spec.seed())
                : ClassSampler.sample(splits().training(), classes, gtl.examplesPerClass(), scoutSeed);
        this.validation = splits().validation(classes);
        log.info("scout {}: classes {} of the {} task, {} training images", scout, classes,
                onTarget ? "target" : "source", train.numExamples());
    }

    @Override
    protected ComputationGraph freshNetwork() throws IOException {
        String body = work.input(ArtifactRole.BODY).orElse(null);
        if (body == null) {
            throw new IllegalArgumentException("SCOUT work " + work.workId() + " names no '"
                    + ArtifactRole.BODY + "' input artifact");
        }
        double learningRate = work.config().learningRate();
        return FineTuneNetwork.from(Checkpoints.load(artifacts, body), classes.size(), 0,
                learningRate, learningRate, work.config().optimizer(), scoutSeed);
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        return classifier(network, train, validation, scoutSeed);
    }

    /** The classes this scout tells apart, in head order. */
    List<Integer> classes() {
        return classes;
    }

    /** The images this scout trains on (labels one-hot over {@link #classes()}). */
    DataSet trainingSet() {
        return train;
    }

    @Override
    protected DataSet testSet() {
        return splits().test(classes);
    }

    /** The {@code count} classes of scout {@code scout}: a seeded shuffle of {@code pool}, first {@code count}, sorted. */
    public static List<Integer> classesFor(List<Integer> pool, int count, long seed, int scout) {
        if (count < 2 || count > pool.size()) {
            throw new IllegalArgumentException("gtl.classesPerScout must be between 2 and " + pool.size()
                    + " (the task's classes), got " + count);
        }
        List<Integer> shuffled = new ArrayList<>(pool);
        Collections.shuffle(shuffled, new Random(scoutSeed(seed, scout)));
        List<Integer> chosen = new ArrayList<>(shuffled.subList(0, count));
        Collections.sort(chosen);
        return List.copyOf(chosen);
    }

    /**
     * The dataset a scout of this (defaulted) spec trains on: {@code data.sourceDataset} for source
     * scouts, {@code data.dataset} for target scouts.
     */
    public static String datasetName(ExperimentSpec spec) {
        return isTarget(spec.gtl().scoutData()) ? spec.data().dataset() : spec.data().sourceDataset();
    }

    static boolean isTarget(String scoutData) {
        GtlSpec.ScoutData task = scoutData == null ? GtlSpec.ScoutData.SOURCE : SpecWord.find(GtlSpec.ScoutData.class, scoutData)
                .orElseThrow(() -> new IllegalArgumentException("gtl.scoutData must be source or target, got '" + scoutData + "'"));
        return task == GtlSpec.ScoutData.TARGET;
    }

    private static long scoutSeed(long seed, int scout) {
        return seed * 1_000_033L + 7_919L * (scout + 1);
    }

    /** The first {@code min(perClass, k)} images of each scout class, in k-shot sample order. */
    private static DataSet fromKShot(LabeledExamples split, List<Integer> targetClasses, int k, List<Integer> classes,
            int perClass, long seed) {
        int limit = Math.min(perClass, k);
        Map<Integer, Integer> taken = new HashMap<>();
        List<Integer> rows = new ArrayList<>();
        for (int index : ClassSampler.sampleIndices(split, targetClasses, k, seed)) {
            int cls = split.label(index);
            if (classes.contains(cls) && taken.merge(cls, 1, Integer::sum) <= limit) {
                rows.add(index);
            }
        }
        return ClassSampler.toDataSet(split, rows.stream().mapToInt(Integer::intValue).toArray(), classes);
    }
}
