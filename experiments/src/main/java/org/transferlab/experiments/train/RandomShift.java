package org.transferlab.experiments.train;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Jitter as a regulariser: each {@code height × width} image (row-major) is translated by a whole
 * number of pixels dx, dy drawn uniformly from [−max, max] per example, and the pixels shifted in
 * from outside are 0 (the background). Hinton et al. (2015) trained their best MNIST teacher "with
 * the input images jittered by up to two pixels in any direction".
 */
public final class RandomShift implements TrainingLoop.Augmentation {

    private final int height;
    private final int width;
    private final int max;

    public RandomShift(int height, int width, int max) {
        if (max < 0 || max >= Math.min(height, width)) {
            throw new IllegalArgumentException("a shift of up to " + max + " pixels does not fit " + height + "×" + width);
        }
        this.height = height;
        this.width = width;
        this.max = max;
    }

    @Override
    public INDArray apply(INDArray features, Random random) {
        int rows = (int) features.size(0);
        int d = height * width;
        if (features.size(1) != d) {
            throw new IllegalArgumentException("examples have " + features.size(1) + " features, not " + height + "×" + width);
        }
        float[] in = features.dup().data().asFloat();
        float[] out = new float[in.length];
        for (int row = 0; row < rows; row++) {
            int dx = random.nextInt(2 * max + 1) - max;
            int dy = random.nextInt(2 * max + 1) - max;
            int base = row * d;
            for (int y = Math.max(0, dy); y < Math.min(height, height + dy); y++) {
                for (int x = Math.max(0, dx); x < Math.min(width, width + dx); x++) {
                    out[base + y * width + x] = in[base + (y - dy) * width + (x - dx)];
                }
            }
        }
        return Nd4j.create(out, new long[] {rows, d}, DataType.FLOAT);
    }
}
