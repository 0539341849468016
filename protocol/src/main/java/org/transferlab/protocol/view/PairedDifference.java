package org.transferlab.protocol.view;

import java.util.List;
import java.util.Locale;

/**
 * The mean of paired differences (method − baseline, one pair per seed) of one metric, with its
 * Student-t 95 % confidence interval: {@code mean ± t(0.975, n − 1) · sd / √n}, sd the sample
 * standard deviation (n − 1 in the denominator). Pairing removes what the two arms share (the
 * sample, the initial weights of the shared layers, the batch order), so the interval is about the
 * method, not about seed luck. With fewer than two pairs there is no interval: {@code low} and
 * {@code high} are null and every text says so.
 *
 * @param metric the metric compared, e.g. {@code val_accuracy} (the selection metric) or {@code test_accuracy}
 * @param mode {@code max} when higher is better, {@code min} when lower is
 * @param n the number of pairs
 * @param mean the mean difference, method − baseline; null when n = 0
 * @param sd the sample standard deviation of the differences; null when n &lt; 2
 * @param low the interval's lower end; null when n &lt; 2
 * @param high the interval's upper end; null when n &lt; 2
 */
public record PairedDifference(String metric, String mode, int n, Double mean, Double sd, Double low, Double high) {

    /** The confidence level of every interval shown. */
    public static final double LEVEL = 0.95;

    /** The mean difference and interval of {@code differences} (method − baseline, one per pair). */
    public static PairedDifference of(String metric, String mode, List<Double> differences) {
        int n = differences.size();
        if (n == 0) {
            return new PairedDifference(metric, mode, 0, null, null, null, null);
        }
        double mean = differences.stream().mapToDouble(Double::doubleValue).sum() / n;
        if (n < 2) {
            return new PairedDifference(metric, mode, 1, mean, null, null, null);
        }
        if (differences.stream().distinct().count() == 1) {
            // every pair differs by exactly the same amount: no spread, whatever the rounding of the mean says
            double only = differences.getFirst();
            return new PairedDifference(metric, mode, n, only, 0.0, only, only);
        }
        double squares = differences.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum();
        double sd = Math.sqrt(squares / (n - 1));
        double half = StudentT.quantile(1 - (1 - LEVEL) / 2, n - 1) * sd / Math.sqrt(n);
        return new PairedDifference(metric, mode, n, mean, sd, mean - half, mean + half);
    }

    public boolean hasInterval() {
        return low != null && high != null;
    }

    /** The interval lies entirely on one side of 0. */
    public boolean excludesZero() {
        return hasInterval() && (low > 0 || high < 0);
    }

    /** Whether the method did better on average: {@code mean} in the metric's good direction. */
    private boolean methodAhead() {
        return "min".equals(mode) ? mean < 0 : mean > 0;
    }

    /**
     * One line, e.g. {@code guided − plain fine-tune: +2.1 pts [0.4, 3.8], 10 seeds}, or {@code …:
     * +2.1 pts, 1 seed (n too small for an interval)}. Accuracies are shown in percentage points.
     */
    public String text(String method, String baseline) {
        String head = method + " − " + baseline + (metric == null ? "" : " (" + metric + ")") + ": ";
        if (n == 0) {
            return head + "no paired results yet";
        }
        String seeds = n + (n == 1 ? " seed" : " seeds");
        if (!hasInterval()) {
            return head + signed(mean) + unit() + ", " + seeds + " (n too small for an interval)";
        }
        return head + signed(mean) + unit() + " [" + plain(low) + ", " + plain(high) + "], " + seeds;
    }

    /**
     * What the difference says in words: who scored higher and by how much, and whether the interval
     * rules out no difference. An exact tie says so and never names a winner.
     */
    public String verdict(String method, String baseline) {
        if (n == 0) {
            return "waiting for paired " + method + " and " + baseline + " results";
        }
        if (mean == 0) {
            return "a tie: " + method + " and " + baseline + " scored the same on average";
        }
        String direction = mean > 0 ? " above " : " below ";
        String scored = method + " scored " + plain(Math.abs(mean)) + unit() + direction + baseline;
        if (!hasInterval()) {
            return scored + " (one seed: too few to tell)";
        }
        // identical differences on every seed: a deterministic trial, or seeds that change nothing (then repeats are copies)
        String spread = sd == 0 ? " (every seed gave the same difference: check that the seeds change the runs)" : "";
        if (!excludesZero()) {
            return scored + ", but the interval includes 0: no clear difference" + spread;
        }
        return scored + "; the interval excludes 0: " + (methodAhead() ? method : baseline) + " is better" + spread;
    }

    /** Accuracies (fractions) read as percentage points; everything else in its own units. */
    private boolean points() {
        return metric != null && metric.toLowerCase(Locale.ROOT).contains("accuracy");
    }

    private String unit() {
        return points() ? " pts" : "";
    }

    private String signed(double v) {
        String s = plain(v);
        return v > 0 || (v == 0 && !s.startsWith("-")) ? "+" + s : s;
    }

    private String plain(double v) {
        if (points()) {
            double pts = 100 * v;
            // small differences keep a second decimal so they never print as 0.0
            return String.format(Locale.ROOT, Math.abs(100 * mean) < 1 ? "%.2f" : "%.1f", pts);
        }
        if (metric != null && metric.toLowerCase(Locale.ROOT).contains("errors")) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
