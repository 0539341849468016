package org.transferlab.protocol.spec;

/**
 * Training defaults for every trial. A search parameter with the same name (for example {@code
 * learningRate} or {@code frozenLayers}) overrides the value here per trial. {@code
 * bodyLearningRate} (default: same as {@code learningRate}) applies to unfrozen body layers, the
 * head uses {@code learningRate}. {@code checkpointEvery} publishes a resumable checkpoint every
 * n epochs (0 = only at the end).
 */
public record TrainSpec(
        Integer epochs,
        Integer batchSize,
        Double learningRate,
        Double bodyLearningRate,
        Integer frozenLayers,
        Integer checkpointEvery) {

    TrainSpec withDefaults() {
        return new TrainSpec(
                epochs == null ? 10 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                bodyLearningRate,
                frozenLayers == null ? 1 : frozenLayers,
                checkpointEvery == null ? 1 : checkpointEvery);
    }
}
