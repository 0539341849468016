package org.transferlab.experiments.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The corruption of a denoising autoencoder ({@code pretrain.mode: denoising}): in each example
 * exactly {@code round(ratio · features)} single features, chosen uniformly at random, are set to 0
 * (the value of the images' background), and the loss reads every feature. The choice is drawn from
 * the given {@link Random}, so a seeded run masks the same features every time.
 */
public final class InputMask implements Corruption {

    private final double ratio;

    public InputMask(double ratio) {
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("mask ratio must be in (0, 1), was " + ratio);
        }
        this.ratio = ratio;
    }

    public double ratio() {
        return ratio;
    }

    @Override
    public Corrupted apply(INDArray features, Random random) {
        return new Corrupted(zeroed(features, random), null);
    }

    /** A masked copy of {@code features} [n, d]; the input is not modified. */
    public INDArray zeroed(INDArray features, Random random) {
        int rows = (int) features.size(0);
        int columns = (int) features.size(1);
        int hidden = (int) Math.round(ratio * columns);
        float[] values = features.dup().data().asFloat();
        int[] order = new int[columns];
        for (int row = 0; row < rows; row++) {
            for (int c = 0; c < columns; c++) {
                order[c] = c;
            }
            // A partial Fisher-Yates shuffle: the first `hidden` positions are a uniform sample.
            for (int i = 0; i < hidden; i++) {
                int j = i + random.nextInt(columns - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                values[row * columns + order[i]] = 0f;
            }
        }
        return Nd4j.create(values, new long[] {rows, columns}, DataType.FLOAT);
    }
}
