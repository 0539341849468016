package org.transferlab.orchestrator.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The median stopping rule (Golovin et al., "Google Vizier", KDD 2017): at epoch t ≥ gracePeriod, once
 * at least {@code minTrials} other trials have reported at epoch t, a trial whose best result up to t
 * is worse than the median of those trials' running averages up to t is stopped.
 *
 * <p>Every result is kept, including those of trials that have ended, so the state is the same set of
 * (trial, epoch, value) whatever order results arrive in; a result reported again for the same trial
 * and epoch replaces the first.
 */
public final class MedianStoppingRule implements TrialScheduler {

    private final int gracePeriod;
    private final int minTrials;
    private final boolean maximise;
    private final Map<String, TreeMap<Integer, Double>> results = new HashMap<>();
    /** Epoch → trial → that trial's running average up to the epoch, for trials that reported at it. */
    private final Map<Integer, Map<String, Double>> averages = new HashMap<>();
    /** Per trial, over all its results: sum, count and best (kept so in-order results cost O(1)). */
    private final Map<String, double[]> totals = new HashMap<>();

    public MedianStoppingRule(int gracePeriod, int minTrials, boolean maximise) {
        this.gracePeriod = gracePeriod;
        this.minTrials = minTrials;
        this.maximise = maximise;
    }

    @Override
    public TrialDecision onResult(String trialId, int epoch, double objective) {
        TreeMap<Integer, Double> own = results.computeIfAbsent(trialId, id -> new TreeMap<>());
        boolean inOrder = own.isEmpty() || epoch > own.lastKey();
        own.put(epoch, objective);
        double[] total = totals.computeIfAbsent(trialId, id -> new double[] {0, 0, Double.NaN});
        if (inOrder) {
            total[0] += objective;
            total[1]++;
            total[2] = better(objective, total[2]) ? objective : total[2];
            averages.computeIfAbsent(epoch, e -> new HashMap<>()).put(trialId, total[0] / total[1]);
        } else {
            recompute(trialId, own, total);
        }
        if (epoch < gracePeriod) {
            return TrialDecision.CONTINUE;
        }
        List<Double> others = new ArrayList<>();
        averages.get(epoch).forEach((id, avg) -> {
            if (!id.equals(trialId)) {
                others.add(avg);
            }
        });
        if (others.size() < minTrials) {
            return TrialDecision.CONTINUE;
        }
        double best = total[2];
        if (epoch != own.lastKey()) {
            best = Double.NaN;
            for (double v : own.headMap(epoch, true).values()) {
                best = better(v, best) ? v : best;
            }
        }
        double median = median(others);
        if (score(best) < score(median)) {
            return TrialDecision.stop("median rule at epoch " + epoch + ": best " + Numbers.format(best)
                    + (maximise ? " below" : " above") + " the median " + Numbers.format(median) + " of "
                    + others.size() + " other trials' running averages");
        }
        return TrialDecision.CONTINUE;
    }

    private void recompute(String trialId, TreeMap<Integer, Double> own, double[] total) {
        total[0] = 0;
        total[1] = 0;
        total[2] = Double.NaN;
        for (Map.Entry<Integer, Double> e : own.entrySet()) {
            total[0] += e.getValue();
            total[1]++;
            total[2] = better(e.getValue(), total[2]) ? e.getValue() : total[2];
            averages.computeIfAbsent(e.getKey(), k -> new HashMap<>()).put(trialId, total[0] / total[1]);
        }
    }

    /** Whether {@code v} beats {@code incumbent}; anything beats a missing (NaN) incumbent. */
    private boolean better(double v, double incumbent) {
        return Double.isNaN(incumbent) || score(v) > score(incumbent);
    }

    private static double median(List<Double> values) {
        values.sort(Double::compare);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2;
    }

    /** Higher is better; NaN is worst. */
    private double score(double objective) {
        return Double.isNaN(objective) ? Double.NEGATIVE_INFINITY : maximise ? objective : -objective;
    }
}
