package org.transferlab.experiments.data;

import java.util.Arrays;
import java.util.Objects;

/**
 * One split of an image-classification dataset: the images, one class label per image (0..255),
 * and where they came from (for log lines and error messages). Immutable by convention: the arrays
 * are shared, never modified.
 */
public record LabeledImages(IdxImages images, byte[] labels, String source) {

    public LabeledImages {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(source + ": " + images.count() + " images but "
                    + labels.length + " labels");
        }
    }

    public int size() {
        return labels.length;
    }

    public int label(int index) {
        return labels[index] & 0xff;
    }

    /** Indices of every image of class {@code cls}, in file order. */
    public int[] indicesOf(int cls) {
        int[] all = new int[labels.length];
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (label(i) == cls) {
                all[n++] = i;
            }
        }
        return Arrays.copyOf(all, n);
    }
}
