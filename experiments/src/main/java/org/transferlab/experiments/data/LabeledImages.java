package org.transferlab.experiments.data;

import java.util.Objects;
import org.transferlab.protocol.data.IdxImages;

/**
 * One split of an image-classification dataset: the images, one class label per image (0..255),
 * where they came from (for log lines and error messages) and the largest raw pixel value, by
 * which pixels are divided so features lie in [0,1] (255 for MNIST-style files, 16 for sklearn's
 * digits). Immutable by convention: the arrays are shared, never modified.
 */
public record LabeledImages(IdxImages images, byte[] labels, String source, int maxPixel) implements LabeledExamples {

    public LabeledImages {
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(labels, "labels");
        if (images.count() != labels.length) {
            throw new IllegalArgumentException(source + ": " + images.count() + " images but "
                    + labels.length + " labels");
        }
        if (maxPixel < 1 || maxPixel > 255) {
            throw new IllegalArgumentException(source + ": maximum pixel value must be 1..255, was " + maxPixel);
        }
    }

    /** 8-bit images (0..255). */
    public LabeledImages(IdxImages images, byte[] labels, String source) {
        this(images, labels, source, 255);
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index] & 0xff;
    }

    @Override
    public int featuresPerExample() {
        return images.pixelsPerImage();
    }

    @Override
    public void copyFeatures(int index, float[] target, int offset) {
        int width = images.pixelsPerImage();
        byte[] pixels = images.pixels();
        int start = index * width;
        float scale = 1f / maxPixel;
        for (int p = 0; p < width; p++) {
            target[offset + p] = (pixels[start + p] & 0xff) * scale;
        }
    }
}
