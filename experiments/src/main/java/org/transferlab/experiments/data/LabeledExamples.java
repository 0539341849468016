package org.transferlab.experiments.data;

import java.util.Arrays;

/**
 * One part (train or test) of a classification dataset, as the samplers see it: examples with a
 * fixed number of features, already normalised, and one class label each. Implementations keep
 * their storage compact (images as bytes) and normalise on the way out; they are immutable.
 */
public interface LabeledExamples {

    int size();

    /** Class of example {@code index}, 0..classes-1. */
    int label(int index);

    /** Features per example (pixels per image, columns per table row). */
    int featuresPerExample();

    /** Writes example {@code index}'s normalised features into {@code target} from {@code offset}. */
    void copyFeatures(int index, float[] target, int offset);

    /** Where the examples came from, for log lines and error messages. */
    String source();

    /** Indices of every example of class {@code cls}, in storage order. */
    default int[] indicesOf(int cls) {
        int[] all = new int[size()];
        int n = 0;
        for (int i = 0; i < all.length; i++) {
            if (label(i) == cls) {
                all[n++] = i;
            }
        }
        return Arrays.copyOf(all, n);
    }

    /** How many examples each class 0..classes-1 has. */
    default int[] classCounts(int classes) {
        int[] counts = new int[classes];
        for (int i = 0; i < size(); i++) {
            counts[label(i)]++;
        }
        return counts;
    }
}
