package org.transferlab.experiments.data;

import java.util.Random;

/**
 * The one Fisher–Yates shuffle behind every seeded order here (class samples, stratified splits,
 * the training loop's epoch order), so a seed means the same order wherever it is drawn.
 */
public final class Shuffle {

    private Shuffle() {}

    /** Shuffles {@code values} in place with draws from {@code random}. */
    public static void inPlace(int[] values, Random random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /** 0 … n-1 in an order drawn from {@code random}. */
    public static int[] permutation(int n, Random random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        inPlace(order, random);
        return order;
    }
}
