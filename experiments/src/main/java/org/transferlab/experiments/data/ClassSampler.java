package org.transferlab.experiments.data;

import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a dataset part into a training or validation set for a class subset: exactly
 * {@code perClass} examples of each listed class, chosen with a seeded shuffle, features
 * normalised by the part ([0,1] for images, standardised for tables), labels one-hot and remapped
 * to 0..n-1 in the order of the class list (so classes [5,6,7] become 0,1,2). The same part,
 * classes, k and seed always give the same examples in the same order.
 */
public final class ClassSampler {

    private ClassSampler() {}

    /**
     * Indices into {@code split} of {@code perClass} images for each class, shuffled together.
     *
     * @throws IllegalArgumentException when a class has fewer than {@code perClass} images
     */
    public static int[] sampleIndices(LabeledExamples split, List<Integer> classes, int perClass, long seed) {
        if (classes.isEmpty()) {
            throw new IllegalArgumentException("no classes to sample from");
        }
        if (perClass <= 0) {
            throw new IllegalArgumentException("examples per class must be positive, got " + perClass);
        }
        if (classes.stream().distinct().count() != classes.size()) {
            throw new IllegalArgumentException("classes listed twice in " + classes);
        }
        Random random = new Random(seed);
        int[] chosen = new int[classes.size() * perClass];
        int n = 0;
        for (int cls : classes) {
            int[] candidates = split.indicesOf(cls);
            if (candidates.length < perClass) {
                throw new IllegalArgumentException("class " + cls + ": asked for k=" + perClass
                        + " examples but only " + candidates.length + " are available in " + split.source());
            }
            Shuffle.inPlace(candidates, random);
            System.arraycopy(candidates, 0, chosen, n, perClass);
            n += perClass;
        }
        Shuffle.inPlace(chosen, random);
        return chosen;
    }

    /** The sampled examples as a DL4J data set: features [n, featuresPerExample], one-hot labels. */
    public static DataSet sample(LabeledExamples split, List<Integer> classes, int perClass, long seed) {
        return toDataSet(split, sampleIndices(split, classes, perClass, seed), classes);
    }

    /** Features and one-hot labels (column = position of the image's class in {@code classes}). */
    public static DataSet toDataSet(LabeledExamples split, int[] indices, List<Integer> classes) {
        int width = split.featuresPerExample();
        float[] features = new float[indices.length * width];
        float[] labels = new float[indices.length * classes.size()];
        for (int row = 0; row < indices.length; row++) {
            int example = indices[row];
            split.copyFeatures(example, features, row * width);
            int column = classes.indexOf(split.label(example));
            if (column < 0) {
                throw new IllegalArgumentException("example " + example + " of " + split.source() + " has class "
                        + split.label(example) + ", not one of " + classes);
            }
            labels[row * classes.size() + column] = 1f;
        }
        return new DataSet(
                Nd4j.create(features, new long[] {indices.length, width}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {indices.length, classes.size()}, DataType.FLOAT));
    }
}
