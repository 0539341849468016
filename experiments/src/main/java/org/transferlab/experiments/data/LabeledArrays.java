package org.transferlab.experiments.data;

import java.util.Objects;

/**
 * One part of a dataset read from the lab's files: features as floats already normalised (images in
 * [0, 1], tables standardised), row by row, and one class per row. Immutable by convention.
 */
public record LabeledArrays(float[] features, int[] labels, int featuresPerExample, String source) implements LabeledExamples {

    public LabeledArrays {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if ((long) labels.length * featuresPerExample != features.length) {
            throw new IllegalArgumentException(source + ": " + features.length + " features for " + labels.length + " examples of "
                    + featuresPerExample);
        }
    }

    @Override
    public int size() {
        return labels.length;
    }

    @Override
    public int label(int index) {
        return labels[index];
    }

    @Override
    public void copyFeatures(int index, float[] target, int offset) {
        System.arraycopy(features, index * featuresPerExample, target, offset, featuresPerExample);
    }
}
