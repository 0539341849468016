package org.transferlab.protocol.spec;

/**
 * Fine-tuning defaults for every trial. A search parameter with the same name (for example
 * {@code learningRate} or {@code frozenLayers}) overrides the value here per trial.
 */
public record TrainSpec(Integer epochs, Integer batchSize, Double learningRate, Integer frozenLayers) {

    TrainSpec withDefaults() {
        return new TrainSpec(
                epochs == null ? 10 : epochs,
                batchSize == null ? 16 : batchSize,
                learningRate == null ? 1e-3 : learningRate,
                frozenLayers == null ? 1 : frozenLayers);
    }
}
