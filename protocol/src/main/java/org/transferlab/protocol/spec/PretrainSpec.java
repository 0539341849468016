package org.transferlab.protocol.spec;

/**
 * The stage that produces the shared body once. {@code mode} is {@code supervised} (train on the
 * source classes) or {@code masked-autoencoder} (hide a random {@code maskRatio} of each input's
 * features and learn to reconstruct them; the encoder becomes the body, the decoder is dropped).
 * {@code artifact} names an existing body artifact to load instead of training one.
 */
public record PretrainSpec(Integer epochs, Double learningRate, Integer batchSize, String mode, Double maskRatio, String artifact) {

    public static final String SUPERVISED = "supervised";
    public static final String MASKED_AUTOENCODER = "masked-autoencoder";

    PretrainSpec withDefaults() {
        return new PretrainSpec(
                epochs == null ? 3 : epochs,
                learningRate == null ? 1e-3 : learningRate,
                batchSize == null ? 64 : batchSize,
                mode == null ? SUPERVISED : mode,
                maskRatio == null ? 0.5 : maskRatio,
                artifact);
    }
}
