package org.transferlab.experiments.train;

import java.util.Map;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * A trial that trains nothing, for orchestration tests and benchmarks: it reports a known,
 * deterministic learning curve so a search or scheduler's choices can be checked exactly.
 *
 * <p>With parameters {@code x}, {@code y} (default 0) the curve approaches
 * {@code peak(x, y) = 1 / (1 + (x - 0.3)² + (y + 0.2)²)} (best at x = 0.3, y = -0.2):
 * {@code val_accuracy(epoch) = peak · (1 - 0.5^epoch)} for epochs 1, 2, …, and
 * {@code val_loss = 1 - val_accuracy}. The curve does not depend on the epoch budget, so rankings
 * at an early rung agree with final ones. When an objective asks for them, its final result adds a synthetic size that grows with
 * x, {@code params = round(1000·e^x)}, and {@code inference_ms = params / 10⁵}, so accuracy and
 * size conflict for x below 0.3 and a two-objective sweep has a known front (y = -0.2, x ≤ 0.3).
 * {@code epochs} (default the spec's train epochs) and
 * {@code sleepMs} per epoch (default 0) come from the work's parameters.
 */
public final class SyntheticTrial {

    private SyntheticTrial() {}

    public static double peak(double x, double y) {
        return 1.0 / (1.0 + (x - 0.3) * (x - 0.3) + (y + 0.2) * (y + 0.2));
    }

    public static double valAccuracy(double x, double y, int epoch) {
        return peak(x, y) * (1.0 - Math.pow(0.5, epoch));
    }

    public static WorkResult run(WorkItem work, int defaultEpochs, ProgressListener listener)
            throws InterruptedException {
        var synthetic = work.config().synthetic();
        double x = synthetic.x();
        double y = synthetic.y();
        int epochs = work.config().epochs();
        long sleepMs = synthetic.sleepMs();
        Map<String, Double> last = Map.of();
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (listener.stopRequested()) {
                return new WorkResult(last, Map.of(), true);
            }
            if (sleepMs > 0) {
                Thread.sleep(sleepMs);
            }
            double accuracy = valAccuracy(x, y, epoch);
            last = Map.of(Metrics.VAL_ACCURACY, accuracy, Metrics.VAL_LOSS, 1.0 - accuracy);
            listener.onEpoch(epoch, last);
        }
        Map<String, Double> result = new java.util.HashMap<>(last);
        if (NetworkCost.wanted(work.spec().withDefaults())) {
            result.putAll(cost(x));
        }
        return new WorkResult(result, Map.of(), false);
    }

    /** The synthetic size and speed of configuration x (see the class comment). */
    public static Map<String, Double> cost(double x) {
        double params = Math.round(1000 * Math.exp(x));
        return Map.of(Metrics.PARAMS, params, Metrics.INFERENCE_MS, params / 1e5);
    }
}
