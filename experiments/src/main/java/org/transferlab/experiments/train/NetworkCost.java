package org.transferlab.experiments.train;

import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * What a trained network costs to keep and to run, reported with every trial's result so a
 * multi-objective search can trade accuracy against size or speed: {@link Metrics#PARAMS}, its
 * parameter count, and {@link Metrics#INFERENCE_MS}, the mean wall time of a forward pass per
 * example over the validation features, in minibatches of the trial's batch size, after one
 * untimed warm-up batch (first calls allocate workspaces). One pass over the validation set: cheap
 * next to an epoch, which already makes one. The time is the slot's own device under whatever else
 * the machine runs, so compare it only between trials of one experiment. Measured only when an
 * objective of the spec names one of them ({@link #wanted}): other results stay as they were.
 */
public final class NetworkCost {

    private NetworkCost() {}

    /** Whether the spec's objectives read a cost metric, so the worker must measure it. */
    public static boolean wanted(ExperimentSpec spec) {
        return spec.objective().goals().stream()
                .anyMatch(g -> Metrics.PARAMS.equals(g.metric()) || Metrics.INFERENCE_MS.equals(g.metric()));
    }

    public static Map<String, Double> measure(ComputationGraph network, INDArray features, int batchSize) {
        double params = network.numParams();
        long n = features == null ? 0 : features.size(0);
        if (n == 0) {
            return Map.of(Metrics.PARAMS, params);
        }
        int batch = (int) Math.max(1, Math.min(batchSize, n));
        network.output(false, batch(features, 0, batch));
        long start = System.nanoTime();
        for (long from = 0; from < n; from += batch) {
            network.output(false, batch(features, from, Math.min(n, from + batch)));
        }
        double ms = (System.nanoTime() - start) / 1e6;
        return Map.of(Metrics.PARAMS, params, Metrics.INFERENCE_MS, ms / n);
    }

    private static INDArray batch(INDArray features, long from, long to) {
        return features.rank() == 2
                ? features.get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                : features.get(NDArrayIndex.interval(from, to));
    }
}
