package org.transferlab.experiments.data;

import java.util.Objects;

/**
 * One split of a dataset held as plain arrays: {@code rows × columns} feature values, row-major,
 * already normalised by whoever built it (tables standardised, images in [0, 1] with their pixels
 * as columns), and one class label per row. The sklearn tables and the lab's own files use it.
 * Immutable by convention.
 */
public record LabeledTable(float[] features, int columns, int[] labels, String source) implements LabeledExamples {

    public LabeledTable {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (columns <= 0 || (long) labels.length * columns != features.length) {
            throw new IllegalArgumentException(source + ": " + features.length + " values do not make "
                    + labels.length + " rows of " + columns + " columns");
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
    public int featuresPerExample() {
        return columns;
    }

    @Override
    public void copyFeatures(int index, float[] target, int offset) {
        System.arraycopy(features, index * columns, target, offset, columns);
    }

    public float value(int row, int column) {
        return features[row * columns + column];
    }
}
