package org.transferlab.experiments.train;

import java.util.Arrays;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The corruption of a masked autoencoder ({@code pretrain.mode: masked-autoencoder}, after He et
 * al., "Masked Autoencoders Are Scalable Vision Learners", 2021, on pixels rather than tokens): each
 * {@code height × width} image (row-major, as the datasets flatten it) is cut into a grid of
 * {@code patchSize × patchSize} squares, clipped at the right and bottom edges; in each example
 * exactly {@code round(ratio · patches)} patches, chosen uniformly at random, are hidden by writing
 * {@code maskValue} into every pixel they cover. The mask value is a constant the data never holds
 * (−1 by default, below the [0, 1] pixel range), so the network can tell a hidden pixel from black
 * background, which is 0. The loss mask is 1 exactly on the hidden pixels: the reconstruction error
 * of the pixels the network was shown does not count. A table is a 1 × n image, so its patches are
 * runs of {@code patchSize} features. The draw comes from the given {@link Random}.
 */
public final class PatchMask implements Corruption {

    private final int height;
    private final int width;
    private final int patchSize;
    private final int hiddenPatches;
    private final float maskValue;
    private final int[][] patchPixels;

    public PatchMask(int height, int width, int patchSize, double ratio, double maskValue) {
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image size must be positive, was " + height + "×" + width);
        }
        if (patchSize < 1 || patchSize > Math.max(height, width)) {
            throw new IllegalArgumentException("patch size must be 1.." + Math.max(height, width) + ", was " + patchSize);
        }
        if (!(ratio > 0 && ratio < 1)) {
            throw new IllegalArgumentException("mask ratio must be in (0, 1), was " + ratio);
        }
        this.height = height;
        this.width = width;
        this.patchSize = patchSize;
        this.maskValue = (float) maskValue;
        int rows = (height + patchSize - 1) / patchSize;
        int columns = (width + patchSize - 1) / patchSize;
        this.patchPixels = new int[rows * columns][];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                patchPixels[r * columns + c] = pixels(r * patchSize, c * patchSize);
            }
        }
        this.hiddenPatches = (int) Math.round(ratio * patchPixels.length);
        if (hiddenPatches < 1 || hiddenPatches >= patchPixels.length) {
            throw new IllegalArgumentException("a ratio of " + ratio + " hides " + hiddenPatches + " of " + patchPixels.length
                    + " patches; at least one must be hidden and one shown");
        }
    }

    /** The flat indices of the patch whose top-left pixel is (top, left), clipped at the edges. */
    private int[] pixels(int top, int left) {
        int bottom = Math.min(height, top + patchSize);
        int right = Math.min(width, left + patchSize);
        int[] indices = new int[(bottom - top) * (right - left)];
        int n = 0;
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                indices[n++] = y * width + x;
            }
        }
        return indices;
    }

    public int patches() {
        return patchPixels.length;
    }

    public int hiddenPatches() {
        return hiddenPatches;
    }

    @Override
    public Corrupted apply(INDArray features, Random random) {
        int rows = (int) features.size(0);
        int columns = (int) features.size(1);
        if (columns != height * width) {
            throw new IllegalArgumentException("examples have " + columns + " features, not " + height + "×" + width);
        }
        float[] values = features.dup().data().asFloat();
        float[] hidden = new float[values.length];
        int[] order = new int[patchPixels.length];
        for (int row = 0; row < rows; row++) {
            Arrays.setAll(order, i -> i);
            // A partial Fisher-Yates shuffle: the first `hiddenPatches` entries are a uniform sample.
            for (int i = 0; i < hiddenPatches; i++) {
                int j = i + random.nextInt(order.length - i);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
                for (int pixel : patchPixels[order[i]]) {
                    values[row * columns + pixel] = maskValue;
                    hidden[row * columns + pixel] = 1f;
                }
            }
        }
        long[] shape = {rows, columns};
        return new Corrupted(Nd4j.create(values, shape, DataType.FLOAT), Nd4j.create(hidden, shape, DataType.FLOAT));
    }
}
