package org.transferlab.protocol.spec;

/** The stage that trains the shared body once on the source task; its checkpoint is an artifact. */
public record PretrainSpec(Integer epochs, Double learningRate, Integer batchSize) {

    PretrainSpec withDefaults() {
        return new PretrainSpec(
                epochs == null ? 3 : epochs,
                learningRate == null ? 1e-3 : learningRate,
                batchSize == null ? 64 : batchSize);
    }
}
