package org.transferlab.experiments.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingLoop;

/**
 * What per-epoch reporting costs a trial, for {@code bench/listener-cost.sh}. MLP 784-1000-10,
 * batch 100, 5,000 random training examples (50 steps an epoch), 1,000 validation examples, one
 * thread. On a shared machine a with/without comparison of whole runs drowns in load noise, so
 * each part of the loop is timed directly, interleaved so that load hits all alike, many times:
 * a training step ({@code fit} of one minibatch); the listener call (hand the metrics to a queue
 * drained by another thread, which is what a worker slot's actor tell does); the validation pass
 * (one forward pass over 1,000 examples plus accuracy and cross-entropy); and gathering a
 * shuffled minibatch with {@code Nd4j.pullRows} (what {@link TrainingLoop} does) versus
 * {@code INDArray.getRows} (what it did). Then, as a whole-run check, {@link TrainingLoop} and a
 * bare {@code fit} loop alternate A/B.
 *
 * <pre>usage: ListenerCost SAMPLES ROUNDS EPOCHS</pre>
 */
public final class ListenerCost {

    /** Times its own onEpoch and hands the metrics to a consumer thread. */
    static final class QueueListener implements ProgressListener {
        final BlockingQueue<Map<String, Double>> queue = new LinkedBlockingQueue<>();
        long nanosInside;
        int calls;

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            long start = System.nanoTime();
            queue.offer(metrics);
            nanosInside += System.nanoTime() - start;
            calls++;
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    public static void main(String[] args) throws Exception {
        org.transferlab.experiments.platform.NativeVariant.apply();
        int samples = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        int epochs = Integer.parseInt(args[2]);
        List<DataSet> trainBatches = TrainingThroughput.randomBatches(50, 784, 10, 3);
        DataSet train = DataSet.merge(trainBatches);
        DataSet validation = DataSet.merge(TrainingThroughput.randomBatches(10, 784, 10, 4));
        int stepsPerEpoch = trainBatches.size();
        ComputationGraph network = TrainingThroughput.network("mlp");
        QueueListener listener = new QueueListener();
        Thread consumer = Thread.ofPlatform().daemon().start(() -> {
            try {
                while (true) {
                    listener.queue.take();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Random random = new Random(5);
        Map<String, Double> metrics = Map.of("train_loss", 1.0, "val_loss", 1.0, "val_accuracy", 0.5);

        long[] step = new long[samples];
        long[] call = new long[samples];
        long[] validate = new long[samples];
        long[] pull = new long[samples];
        long[] getRows = new long[samples];
        for (int i = -samples / 5; i < samples; i++) { // the first fifth warms up and is not kept
            long t0 = System.nanoTime();
            network.fit(trainBatches.get(Math.floorMod(i, stepsPerEpoch)));
            network.score();
            long t1 = System.nanoTime();
            listener.onEpoch(i, metrics);
            long t2 = System.nanoTime();
            validationPass(network, validation);
            long t3 = System.nanoTime();
            int[] rows = randomRows(random, train.numExamples(), TrainingThroughput.BATCH);
            Nd4j.pullRows(train.getFeatures(), 1, rows);
            Nd4j.pullRows(train.getLabels(), 1, rows);
            long t4 = System.nanoTime();
            train.getFeatures().getRows(rows);
            train.getLabels().getRows(rows);
            long t5 = System.nanoTime();
            if (i >= 0) {
                step[i] = t1 - t0;
                call[i] = t2 - t1;
                validate[i] = t3 - t2;
                pull[i] = t4 - t3;
                getRows[i] = t5 - t4;
            }
        }
        consumer.interrupt();
        double stepMs = median(step) / 1e6;
        double epochMs = stepsPerEpoch * stepMs;
        System.out.printf(Locale.ROOT, "step (fit, batch 100): median %.2f ms (p10 %.2f, p90 %.2f)%n",
                stepMs, percentile(step, 10) / 1e6, percentile(step, 90) / 1e6);
        System.out.printf(Locale.ROOT, "listener call: median %.1f µs (p90 %.1f) = %.5f %% of an epoch's %d steps%n",
                median(call) / 1e3, percentile(call, 90) / 1e3, 100 * median(call) / 1e6 / epochMs, stepsPerEpoch);
        System.out.printf(Locale.ROOT, "validation pass (1,000 examples): median %.2f ms = %.2f %% of an epoch%n",
                median(validate) / 1e6, 100 * median(validate) / 1e6 / epochMs);
        System.out.printf(Locale.ROOT, "minibatch gather: pullRows %.3f ms (%.2f %% of a step), getRows %.3f ms (%.1f %% of a step)%n",
                median(pull) / 1e6, 100 * median(pull) / 1e6 / stepMs, median(getRows) / 1e6, 100 * median(getRows) / 1e6 / stepMs);
        System.out.printf(Locale.ROOT, "RESULT listener %.5f %% of step time per epoch; validation pass %.2f %%; gather %.2f %% (getRows was %.1f %%)%n",
                100 * median(call) / 1e6 / epochMs, 100 * median(validate) / 1e6 / epochMs,
                100 * median(pull) / 1e6 / stepMs, 100 * median(getRows) / 1e6 / stepMs);

        runLoop(train, validation, 1);
        runBare(trainBatches, 1);
        List<Double> overhead = new ArrayList<>();
        for (int r = 1; r <= rounds; r++) {
            long a = runLoop(train, validation, epochs);
            long b = runBare(trainBatches, epochs);
            overhead.add(100.0 * (a - b) / b);
            System.out.printf(Locale.ROOT, "whole run %d: TrainingLoop %.0f ms, bare fit loop %.0f ms (%+.1f %%)%n",
                    r, a / 1e6, b / 1e6, overhead.get(r - 1));
        }
        double[] o = overhead.stream().mapToDouble(d -> d).sorted().toArray();
        System.out.printf(Locale.ROOT, "RESULT whole-run overhead of TrainingLoop over bare fit: median %+.1f %% (min %+.1f, max %+.1f)%n",
                o[o.length / 2], o[0], o[o.length - 1]);
    }

    private static void validationPass(ComputationGraph network, DataSet validation) {
        INDArray output = network.outputSingle(false, validation.getFeatures());
        Evaluation evaluation = new Evaluation(10);
        evaluation.eval(validation.getLabels(), output);
        evaluation.accuracy();
        Transforms.log(Transforms.max(output.mul(validation.getLabels()).sum(1), 1e-10, false), false).meanNumber();
    }

    private static int[] randomRows(Random random, int n, int count) {
        int[] rows = new int[count];
        for (int i = 0; i < count; i++) {
            rows[i] = random.nextInt(n);
        }
        return rows;
    }

    private static double median(long[] values) {
        return percentile(values, 50);
    }

    private static double percentile(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)];
    }

    private static long runLoop(DataSet train, DataSet validation, int epochs) {
        long start = System.nanoTime();
        new TrainingLoop(TrainingThroughput.network("mlp"), train, validation, TrainingThroughput.BATCH, 9)
                .run(epochs, new QueueListener());
        return System.nanoTime() - start;
    }

    private static long runBare(List<DataSet> batches, int epochs) {
        ComputationGraph network = TrainingThroughput.network("mlp");
        long start = System.nanoTime();
        for (int e = 0; e < epochs; e++) {
            for (DataSet batch : batches) {
                network.fit(batch);
            }
        }
        return System.nanoTime() - start;
    }
}
