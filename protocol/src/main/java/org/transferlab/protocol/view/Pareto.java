package org.transferlab.protocol.view;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Dominance, non-dominated sorting and hypervolume over objective vectors, every objective
 * <em>minimised</em> (a maximised metric enters negated). One implementation for the
 * multi-objective searcher, the front the API serves and the benchmark, so they cannot disagree.
 *
 * <p>a dominates b when a is no worse than b in every objective and strictly better in one;
 * equal vectors do not dominate each other. Rank 0 is the non-dominated set (the Pareto front),
 * rank k the front of what is left after ranks 0..k-1 are removed (Deb et al.'s non-dominated
 * sorting, NSGA-II, 2002). The hypervolume of a set is the measure of the region it dominates and
 * that dominates the reference point, computed exactly: a sweep in 2-D, and in more dimensions
 * slicing along the last objective ("hypervolume by slicing objectives", While et al. 2006), each
 * slice the (d-1)-dimensional hypervolume of the points below it. A point that does not strictly
 * dominate the reference point adds nothing.
 */
public final class Pareto {

    private Pareto() {}

    public static boolean dominates(double[] a, double[] b) {
        boolean strictly = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                strictly = true;
            }
        }
        return strictly;
    }

    /** The non-dominated sorting rank of every point (0 = on the front), in input order. */
    public static int[] ranks(double[][] points) {
        int n = points.length;
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(points[i], points[j])) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(points[j], points[i])) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        int[] rank = new int[n];
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (dominatedBy[i] == 0) {
                current.add(i);
            }
        }
        for (int r = 0; !current.isEmpty(); r++) {
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                rank[i] = r;
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next;
        }
        return rank;
    }

    /** Indices of the non-dominated points, in input order. */
    public static List<Integer> front(double[][] points) {
        int[] rank = ranks(points);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rank.length; i++) {
            if (rank[i] == 0) {
                out.add(i);
            }
        }
        return out;
    }

    /** The exact hypervolume dominated by {@code points} and bounded by {@code reference}. */
    public static double hypervolume(double[][] points, double[] reference) {
        List<double[]> inside = new ArrayList<>();
        for (double[] p : points) {
            boolean below = true;
            for (int i = 0; i < reference.length; i++) {
                below &= p[i] < reference[i];
            }
            if (below) {
                inside.add(p);
            }
        }
        return volume(inside, reference, reference.length);
    }

    /** Hypervolume in the first {@code d} coordinates of points that all lie below the reference. */
    private static double volume(List<double[]> points, double[] reference, int d) {
        if (points.isEmpty()) {
            return 0;
        }
        if (d == 1) {
            double best = reference[0];
            for (double[] p : points) {
                best = Math.min(best, p[0]);
            }
            return reference[0] - best;
        }
        if (d == 2) {
            List<double[]> sorted = new ArrayList<>(points);
            sorted.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]));
            double area = 0;
            double ceiling = reference[1];
            for (double[] p : sorted) {
                if (p[1] < ceiling) {
                    area += (reference[0] - p[0]) * (ceiling - p[1]);
                    ceiling = p[1];
                }
            }
            return area;
        }
        int last = d - 1;
        List<double[]> sorted = new ArrayList<>(points);
        sorted.sort(Comparator.comparingDouble(p -> p[last]));
        double total = 0;
        List<double[]> below = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            below.add(sorted.get(i));
            double top = i + 1 < sorted.size() ? sorted.get(i + 1)[last] : reference[last];
            double height = top - sorted.get(i)[last];
            if (height > 0) {
                total += height * volume(below, reference, d - 1);
            }
        }
        return total;
    }

    /** What each point alone adds: the hypervolume of all minus that of all but it. */
    public static double[] contributions(double[][] points, double[] reference) {
        double all = hypervolume(points, reference);
        double[] out = new double[points.length];
        for (int i = 0; i < points.length; i++) {
            double[][] rest = new double[points.length - 1][];
            for (int j = 0, k = 0; j < points.length; j++) {
                if (j != i) {
                    rest[k++] = points[j];
                }
            }
            out[i] = all - hypervolume(rest, reference);
        }
        return out;
    }

    /**
     * {@code k} of {@code candidates} chosen greedily, each time the one that adds the most
     * hypervolume to {@code chosen} plus those picked so far (the greedy approximation of the
     * hypervolume subset selection problem); ties go to the lower index. Returns candidate indices.
     */
    public static List<Integer> greedyByHypervolume(double[][] chosen, double[][] candidates, int k, double[] reference) {
        List<double[]> set = new ArrayList<>(Arrays.asList(chosen));
        List<Integer> picked = new ArrayList<>();
        boolean[] used = new boolean[candidates.length];
        while (picked.size() < Math.min(k, candidates.length)) {
            double base = hypervolume(set.toArray(double[][]::new), reference);
            int best = -1;
            double bestGain = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < candidates.length; i++) {
                if (used[i]) {
                    continue;
                }
                set.add(candidates[i]);
                double gain = hypervolume(set.toArray(double[][]::new), reference) - base;
                set.removeLast();
                if (gain > bestGain) {
                    best = i;
                    bestGain = gain;
                }
            }
            used[best] = true;
            picked.add(best);
            set.add(candidates[best]);
        }
        return picked;
    }

    /**
     * A reference point just worse than every point: per objective the worst value plus a tenth of
     * the spread (or plus 1 where all values are equal), so every point on the front contributes.
     */
    public static double[] nadirReference(double[][] points) {
        int d = points[0].length;
        double[] ref = new double[d];
        for (int i = 0; i < d; i++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double[] p : points) {
                lo = Math.min(lo, p[i]);
                hi = Math.max(hi, p[i]);
            }
            ref[i] = hi + (hi > lo ? 0.1 * (hi - lo) : 1);
        }
        return ref;
    }
}
