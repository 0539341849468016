package org.transferlab.protocol.spec;

/**
 * The stage that produces the shared body once. {@code mode} is one of:
 * {@code patchSize} defaults to about a seventh of the source images' side (4 on MNIST).
 * <ul>
 *   <li>{@code supervised}: train on the source classes;</li>
 *   <li>{@code masked-autoencoder}: hide {@code maskRatio} of the {@code patchSize × patchSize}
 *       patches of each image (a table's features are one row of width {@code patchSize} runs),
 *       write {@code maskValue} into the hidden pixels (−1 by default: outside the [0, 1] pixel
 *       range, so hidden pixels cannot be told for black background), and learn to reconstruct
 *       them: the reconstruction loss reads the hidden positions only;</li>
 *   <li>{@code denoising}: zero a random {@code maskRatio} of each input's single features and
 *       reconstruct every feature (what {@code masked-autoencoder} meant before patches).</li>
 * </ul>
 * In both autoencoder modes the encoder becomes the body and the decoder is dropped.
 * {@code artifact} names an existing body artifact to load instead of training one.
 */
public record PretrainSpec(Integer epochs, Double learningRate, Integer batchSize, String mode, Double maskRatio,
        String artifact, Integer patchSize, Double maskValue) {

    public static final String SUPERVISED = "supervised";
    public static final String MASKED_AUTOENCODER = "masked-autoencoder";
    public static final String DENOISING = "denoising";

    /** Whether the mode trains an autoencoder (whose decoder is dropped) rather than a classifier. */
    public boolean autoencoder() {
        return MASKED_AUTOENCODER.equals(mode) || DENOISING.equals(mode);
    }

    /** About seven patches a side: 4 on 28×28 images, 1 (single pixels or features) on 8×8 digits and tables. */
    static int defaultPatchSize(String sourceDataset) {
        Datasets.Info info = Datasets.KNOWN.get(sourceDataset);
        return info == null ? 1 : Math.max(1, Math.min(info.height(), info.width()) / 7);
    }

    /** @param data the defaulted data section: the patch size's default follows the source images' size */
    PretrainSpec withDefaults(DataSpec data) {
        return new PretrainSpec(
                epochs == null ? 3 : epochs,
                learningRate == null ? 1e-3 : learningRate,
                batchSize == null ? 64 : batchSize,
                mode == null ? SUPERVISED : mode,
                maskRatio == null ? 0.5 : maskRatio,
                artifact,
                patchSize == null ? defaultPatchSize(data.sourceDataset()) : patchSize,
                maskValue == null ? -1.0 : maskValue);
    }
}
