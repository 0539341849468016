package org.transferlab.experiments.data;

import java.util.Arrays;
import java.util.Random;

/**
 * A seeded stratified train/test split for datasets without an official one: within each class
 * the examples are shuffled with the seed and {@code round(testFraction · n)} go to the test part.
 * Both parts list row indices in ascending order, so the split depends only on the labels, the
 * fraction and the seed.
 */
public record StratifiedSplit(int[] train, int[] test) {

    public static StratifiedSplit of(int[] labels, int classes, double testFraction, long seed) {
        if (testFraction <= 0 || testFraction >= 1) {
            throw new IllegalArgumentException("test fraction must be in (0, 1), was " + testFraction);
        }
        Random random = new Random(seed);
        int[] trainRows = new int[labels.length];
        int[] testRows = new int[labels.length];
        int nTrain = 0;
        int nTest = 0;
        for (int cls = 0; cls < classes; cls++) {
            int[] members = membersOf(labels, cls);
            Shuffle.inPlace(members, random);
            int testCount = (int) Math.round(testFraction * members.length);
            for (int i = 0; i < members.length; i++) {
                if (i < testCount) {
                    testRows[nTest++] = members[i];
                } else {
                    trainRows[nTrain++] = members[i];
                }
            }
        }
        int[] train = Arrays.copyOf(trainRows, nTrain);
        int[] test = Arrays.copyOf(testRows, nTest);
        Arrays.sort(train);
        Arrays.sort(test);
        return new StratifiedSplit(train, test);
    }

    private static int[] membersOf(int[] labels, int cls) {
        return java.util.stream.IntStream.range(0, labels.length).filter(i -> labels[i] == cls).toArray();
    }
}
