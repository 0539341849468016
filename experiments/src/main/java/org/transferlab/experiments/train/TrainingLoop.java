package org.transferlab.experiments.train;

import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transferlab.experiments.data.Shuffle;

/**
 * The epoch loop for in-memory data, for any single-input, single-output graph: a classifier
 * (features → one-hot labels, validated by accuracy and cross-entropy) or, through
 * {@link #reconstruction}, an autoencoder (corrupted features → the full features, validated by
 * the reconstruction error over the positions its {@link Corruption} scores). A classifier can
 * train on augmented copies of its minibatches ({@link #augmented}; validation is never
 * augmented). Runs from the network's own epoch counter up to {@code totalEpochs}, so a
 * network restored from a checkpoint continues where it stopped. Each epoch visits the training set in an order drawn from {@code seed} and the epoch number (a
 * resumed run sees the same order an uninterrupted one would), then evaluates the validation set
 * once and reports through the {@link ProgressListener}; nothing runs per iteration beyond reading
 * the minibatch score. A stop request is honoured between epochs. Masks and augmentations, like
 * the order, are drawn from {@code seed} and the epoch, so a resumed run masks and shifts as an
 * uninterrupted one would. A classifier with extra training outputs ({@link #withTargets}: a distilled
 * student with attention-transfer terms) fits each minibatch with the labels its {@link Targets} make;
 * it is validated and tested on its first output, the classifier's.
 *
 * <p>A classifier may also have auxiliary outputs with fixed labels ({@link #withAuxiliaryOutputs}, e.g.
 * a distilled student's auxiliary heads): they train on their own labels, row for row with the
 * training set, and validation and test read the first output only.
 */
public final class TrainingLoop {

    /** What the loop ends with: the last metrics reported, the epoch counter, whether it was cut short. */
    public record Outcome(Map<String, Double> lastMetrics, int epochs, boolean stoppedEarly) {}

    /** Runs after each epoch's metrics are reported (e.g. to checkpoint), never before. */
    @FunctionalInterface
    public interface AfterEpoch {
        void afterEpoch(int epoch) throws IOException;
    }

    private final ComputationGraph network;
    private final DataSet train;
    private final DataSet validation;
    private final int batchSize;
    private final long seed;
    private final Corruption corruption;
    private final Augmentation augmentation;
    private final DataSet maskedValidation;
    private final Targets targets;
    private final INDArray[] auxiliaryLabels;

    /** The labels of every output of a multi-output classifier for one minibatch, the classifier's first. */
    @FunctionalInterface
    public interface Targets {
        /** @param labels the minibatch's rows of the training labels, for the first output */
        MultiDataSet of(INDArray features, INDArray labels);
    }

    /** Changes a classifier's training features batch by batch (e.g. random shifts); labels stay. */
    @FunctionalInterface
    public interface Augmentation {
        /** An augmented copy of {@code features} [n, d]; the input is not modified. */
        INDArray apply(INDArray features, Random random);
    }

    /** A classifier: {@code train} and {@code validation} hold features and one-hot labels. */
    public TrainingLoop(ComputationGraph network, DataSet train, DataSet validation, int batchSize, long seed) {
        this(network, train, validation, batchSize, seed, null, null, null, null);
    }

    private TrainingLoop(ComputationGraph network, DataSet train, DataSet validation, int batchSize, long seed,
            Corruption corruption, Augmentation augmentation, Targets targets, INDArray[] auxiliaryLabels) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (train.numExamples() == 0) {
            throw new IllegalArgumentException("no training examples");
        }
        this.network = network;
        this.train = train;
        this.validation = validation;
        this.batchSize = batchSize;
        this.seed = seed;
        this.corruption = corruption;
        this.augmentation = augmentation;
        this.targets = targets;
        this.auxiliaryLabels = auxiliaryLabels;
        if (auxiliaryLabels != null && network.getNumOutputArrays() != 1 + auxiliaryLabels.length) {
            throw new IllegalArgumentException("the network has " + network.getNumOutputArrays() + " outputs, not 1 + "
                    + auxiliaryLabels.length + " auxiliary ones");
        }
        this.maskedValidation = corruption == null ? null
                : reconstructionBatch(validation.getFeatures(), corruption, new Random(seed ^ 0x5DEECE66DL));
    }

    /** A classifier whose training minibatches are augmented afresh each time; validation is not. */
    public static TrainingLoop augmented(ComputationGraph network, DataSet train, DataSet validation, int batchSize,
            long seed, Augmentation augmentation) {
        return new TrainingLoop(network, train, validation, batchSize, seed, null, augmentation, null, null);
    }

    /**
     * A classifier whose graph has further outputs: each minibatch of {@code train} is fitted with the
     * labels {@code targets} makes from its features and labels; validation and test read the first output.
     */
    public static TrainingLoop withTargets(ComputationGraph network, DataSet train, DataSet validation, int batchSize,
            long seed, Targets targets) {
        return new TrainingLoop(network, train, validation, batchSize, seed, null, null, targets, null);
    }

    /**
     * A classifier whose network has outputs beyond its first: output i + 1 trains on
     * {@code auxiliaryLabels[i]} (one row per training example); validation and test score the first.
     */
    public static TrainingLoop withAuxiliaryOutputs(ComputationGraph network, DataSet train, INDArray[] auxiliaryLabels,
            DataSet validation, int batchSize, long seed) {
        return new TrainingLoop(network, train, validation, batchSize, seed, null, null, null, auxiliaryLabels.clone());
    }

    /** The first output of a network (a classifier's own head), whatever other outputs it has. */
    public static INDArray firstOutput(ComputationGraph network, INDArray features) {
        return network.getNumOutputArrays() == 1 ? network.outputSingle(false, features) : network.output(false, features)[0];
    }

    /**
     * One reconstruction minibatch: the corrupted features as input, the clean features as target,
     * and the corruption's loss mask as DL4J's per-output labels mask, so the output layer's loss
     * (and its gradient) counts only the positions the mask marks.
     */
    public static DataSet reconstructionBatch(INDArray features, Corruption corruption, Random random) {
        Corruption.Corrupted corrupted = corruption.apply(features, random);
        return new DataSet(corrupted.inputs(), features, null, corrupted.lossMask());
    }

    /**
     * An autoencoder: each minibatch's features are corrupted afresh and the network learns to
     * output the full features where the corruption's loss mask says. Reports {@code train_loss} and
     * {@code val_loss} (the reconstruction loss on the validation features, corrupted once with a
     * fixed draw).
     */
    public static TrainingLoop reconstruction(ComputationGraph autoencoder, INDArray trainFeatures,
            INDArray validationFeatures, int batchSize, Corruption corruption, long seed) {
        return new TrainingLoop(autoencoder, new DataSet(trainFeatures, trainFeatures),
                new DataSet(validationFeatures, validationFeatures), batchSize, seed, corruption, null, null, null);
    }

    public Outcome run(int totalEpochs, ProgressListener listener) {
        try {
            return run(totalEpochs, listener, epoch -> {});
        } catch (IOException e) {
            throw new IllegalStateException("unreachable: no after-epoch action", e);
        }
    }

    /** @param afterEpoch called with the 1-based epoch number once that epoch is trained and reported */
    public Outcome run(int totalEpochs, ProgressListener listener, AfterEpoch afterEpoch) throws IOException {
        Map<String, Double> last = Map.of();
        while (network.getEpochCount() < totalEpochs) {
            if (listener.stopRequested()) {
                return new Outcome(last.isEmpty() ? validationMetrics() : last, network.getEpochCount(), true);
            }
            int epoch = network.getEpochCount();
            double trainLoss = fitEpoch(epoch);
            network.incrementEpochCount();
            Map<String, Double> metrics = new HashMap<>();
            metrics.put(Metrics.TRAIN_LOSS, trainLoss);
            metrics.putAll(validationMetrics());
            last = Map.copyOf(metrics);
            // Report first, checkpoint after: a checkpoint is a resume point, and a resume point
            // ahead of the reported epochs would skip an epoch that was never recorded.
            listener.onEpoch(epoch + 1, last);
            afterEpoch.afterEpoch(epoch + 1);
        }
        return new Outcome(last.isEmpty() ? validationMetrics() : last, network.getEpochCount(), false);
    }

    /** The examples this loop validates on. */
    public DataSet validationSet() {
        return validation;
    }

    /** The examples this loop trains on (features and targets as given). */
    public DataSet trainingSet() {
        return train;
    }

    /** The order in which epoch {@code epoch} (0-based) visits the training examples: drawn from the seed and the epoch. */
    public int[] epochOrder(int epoch) {
        return Shuffle.permutation(train.numExamples(), new Random(seed * 1_000_003L + epoch));
    }

    /**
     * The network's held-out test metrics on {@code test}, measured once after training:
     * {@code test_accuracy} and {@code test_loss} for a classifier, {@code test_loss} (reconstruction
     * error with a fixed mask draw) for an autoencoder. Nothing here feeds back into training.
     */
    public Map<String, Double> test(DataSet test) {
        if (corruption != null) {
            DataSet masked = reconstructionBatch(test.getFeatures(), corruption, new Random(seed ^ 0x7E57L));
            return Map.of(Metrics.TEST_LOSS, network.score(masked, false));
        }
        Map<String, Double> scored = classifierMetrics(test);
        return Map.of(Metrics.TEST_ACCURACY, scored.get(Metrics.VAL_ACCURACY), Metrics.TEST_LOSS, scored.get(Metrics.VAL_LOSS));
    }

    private double fitEpoch(int epoch) {
        int n = train.numExamples();
        int[] order = epochOrder(epoch);
        Random masking = new Random(seed * 2_000_003L + epoch);
        double lossSum = 0;
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int[] rows = Arrays.copyOfRange(order, start, end);
            // One native gather per minibatch: INDArray.getRows copies row by row through JNI,
            // which cost as much as the training step itself for an MLP 784-1000-10 at batch 100.
            INDArray features = Nd4j.pullRows(train.getFeatures(), 1, rows);
            if (corruption != null) {
                network.fit(reconstructionBatch(features, corruption, masking));
            } else if (auxiliaryLabels != null) {
                INDArray[] labels = new INDArray[1 + auxiliaryLabels.length];
                labels[0] = Nd4j.pullRows(train.getLabels(), 1, rows);
                for (int i = 0; i < auxiliaryLabels.length; i++) {
                    labels[i + 1] = Nd4j.pullRows(auxiliaryLabels[i], 1, rows);
                }
                network.fit(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {features}, labels));
            } else {
                INDArray inputs = augmentation == null ? features : augmentation.apply(features, masking);
                INDArray labels = Nd4j.pullRows(train.getLabels(), 1, rows);
                if (targets != null) {
                    network.fit(targets.of(inputs, labels));
                } else {
                    network.fit(new DataSet(inputs, labels));
                }
            }
            lossSum += network.score() * (end - start);
        }
        return lossSum / n;
    }

    /** One forward pass over the validation set gives both the accuracy and the cross-entropy. */
    private Map<String, Double> validationMetrics() {
        if (corruption != null) {
            return Map.of(Metrics.VAL_LOSS, network.score(maskedValidation, false));
        }
        return classifierMetrics(validation);
    }

    /** Accuracy and cross-entropy of the classifier on {@code data}, under the validation names. */
    private Map<String, Double> classifierMetrics(DataSet data) {
        INDArray labels = data.getLabels();
        INDArray output = firstOutput(network, data.getFeatures());
        Evaluation evaluation = new Evaluation((int) labels.size(1));
        evaluation.eval(labels, output);
        INDArray trueClassProbability = output.mul(labels).sum(1);
        double loss = -Transforms.log(Transforms.max(trueClassProbability, 1e-10, false), false)
                .meanNumber().doubleValue();
        return Map.of(Metrics.VAL_ACCURACY, evaluation.accuracy(), Metrics.VAL_LOSS, loss);
    }
}
