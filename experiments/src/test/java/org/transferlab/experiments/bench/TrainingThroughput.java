package org.transferlab.experiments.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.model.Networks;
import org.transferlab.experiments.platform.NativeVariant;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * Training throughput of the project's own networks, for {@code bench/throughput.sh}: MLP
 * 784-1000-10, LeNet (valid 5×5 convolutions with 20 and 50 filters, 2×2 max pooling, dense
 * 500, softmax) or the vgg preset (two blocks of two 3×3 "same" convolutions with 32 and 64
 * filters, each with batch norm, then 2×2 max pooling; dense 256), ReLU, Adam, batch 100, on random 28×28 inputs cycling through ten prebuilt
 * minibatches (the speed of a step does not depend on the pixel values). After {@code warmup}
 * steps it times {@code windows} windows of {@code steps} steps each and prints one line per
 * window and a summary line {@code RESULT dl4j <model> threads=<OMP_NUM_THREADS> median min max}.
 *
 * <pre>usage: TrainingThroughput mlp|lenet|vgg WARMUP WINDOWS STEPS</pre>
 */
public final class TrainingThroughput {

    static final int BATCH = 100;

    public static void main(String[] args) {
        NativeVariant.apply(); // before ND4J loads, as in the lab
        String model = args[0];
        int warmup = Integer.parseInt(args[1]);
        int windows = Integer.parseInt(args[2]);
        int steps = Integer.parseInt(args[3]);
        ComputationGraph network = network(model);
        List<DataSet> batches = randomBatches(10, 784, 10, 1);

        for (int i = 0; i < warmup; i++) {
            network.fit(batches.get(i % batches.size()));
        }
        double[] rates = new double[windows];
        for (int w = 0; w < windows; w++) {
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                network.fit(batches.get(i % batches.size()));
            }
            rates[w] = steps * BATCH / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "window %d: %.0f samples/s%n", w + 1, rates[w]);
        }
        System.out.println(summary("dl4j", model, rates));
    }

    static ComputationGraph network(String model) {
        ModelSpec spec = switch (model) {
            case "mlp" -> new ModelSpec("mlp", List.of(1000), List.of(), "relu", 0.0);
            case "lenet" -> new ModelSpec("lenet", List.of(500), List.of(20, 50), "relu", 0.0);
            case "vgg" -> new ModelSpec("vgg", List.of(256), List.of(32, 64), "relu", 0.0);
            default -> throw new IllegalArgumentException("model must be mlp, lenet or vgg, was " + model);
        };
        return Networks.build(spec, 28, 28, 10, 1e-3, 42);
    }

    static List<DataSet> randomBatches(int count, int features, int classes, long seed) {
        Random random = new Random(seed);
        List<DataSet> batches = new ArrayList<>();
        for (int b = 0; b < count; b++) {
            float[] x = new float[BATCH * features];
            float[] y = new float[BATCH * classes];
            for (int i = 0; i < x.length; i++) {
                x[i] = random.nextFloat();
            }
            for (int row = 0; row < BATCH; row++) {
                y[row * classes + random.nextInt(classes)] = 1f;
            }
            batches.add(new DataSet(Nd4j.create(x, new long[] {BATCH, features}, DataType.FLOAT),
                    Nd4j.create(y, new long[] {BATCH, classes}, DataType.FLOAT)));
        }
        return batches;
    }

    static String summary(String framework, String model, double[] rates) {
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1
                ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format(Locale.ROOT, "RESULT %s %s threads=%s median=%.0f min=%.0f max=%.0f samples/s",
                framework, model, System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), median, sorted[0],
                sorted[sorted.length - 1]);
    }
}
