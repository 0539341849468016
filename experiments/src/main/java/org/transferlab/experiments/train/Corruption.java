package org.transferlab.experiments.train;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How reconstruction pretraining hides part of each input, and which positions its loss reads:
 * {@link PatchMask} (a masked autoencoder: square patches, loss on the hidden ones only) or
 * {@link InputMask} (a denoising autoencoder: single features zeroed, loss on all of them).
 */
public interface Corruption {

    /**
     * The network's inputs for one batch, and the per-output weights of the reconstruction loss: a
     * [n, d] array of 1 (counted) and 0 (ignored), handed to DL4J as the labels mask; null when
     * every position counts.
     */
    record Corrupted(INDArray inputs, INDArray lossMask) {}

    /** A corrupted copy of {@code features} [n, d], drawn from {@code random}; the input is not modified. */
    Corrupted apply(INDArray features, Random random);
}
