package org.transferlab.orchestrator.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Asynchronous successive halving (Li et al., "A System for Massively Parallel Hyperparameter
 * Tuning", MLSys 2020), with the stopping form Ray Tune uses: instead of waiting to promote, a trial
 * that reaches a rung goes on only if it is in the top 1/η of the results recorded at that rung so
 * far (its own included), and is stopped otherwise.
 *
 * <p>Bracket s has rungs at grace·η^(s+k) epochs for k = 0, 1, … while below {@code maxResource};
 * trials join brackets round-robin in the order they first report. A trial reporting at or beyond
 * {@code maxResource} epochs is stopped: it has had its full budget. There is no rung at
 * {@code maxResource} itself, since a cut there would save nothing.
 *
 * <p>The cutoff at a rung with n results is the ⌈n/η⌉-th best of them; a result equal to the cutoff
 * goes on, so the first trial at every rung goes on. Results recorded at a rung stay after their
 * trial ends: they remain the bar later trials are measured against.
 */
public final class AshaScheduler implements TrialScheduler {

    private final int eta;
    private final int maxResource;
    private final int brackets;
    private final boolean maximise;
    /** Per bracket: rung epoch → trial → objective at that rung. */
    private final List<Map<Integer, Map<String, Double>>> rungs = new ArrayList<>();
    private final Map<String, Integer> bracketOf = new HashMap<>();

    public AshaScheduler(int gracePeriod, int reductionFactor, int maxResource, int brackets, boolean maximise) {
        if (gracePeriod < 1 || reductionFactor < 2 || maxResource < 1 || brackets < 1) {
            throw new IllegalArgumentException("ASHA needs gracePeriod ≥ 1, reductionFactor ≥ 2, maxResource ≥ 1, brackets ≥ 1");
        }
        this.eta = reductionFactor;
        this.maxResource = maxResource;
        this.brackets = brackets;
        this.maximise = maximise;
        for (int s = 0; s < brackets; s++) {
            Map<Integer, Map<String, Double>> bracket = new LinkedHashMap<>();
            for (long r = gracePeriod * pow(reductionFactor, s); r < maxResource; r *= reductionFactor) {
                bracket.put((int) r, new HashMap<>());
            }
            rungs.add(bracket);
        }
    }

    /** The rung epochs of bracket {@code s}, lowest first. */
    public List<Integer> rungs(int s) {
        return List.copyOf(rungs.get(s).keySet());
    }

    /** The bracket a trial was assigned to, or -1 if it has not reported yet. */
    public int bracketOf(String trialId) {
        return bracketOf.getOrDefault(trialId, -1);
    }

    @Override
    public TrialDecision onResult(String trialId, int epoch, double objective) {
        int bracket = bracketOf.computeIfAbsent(trialId, id -> bracketOf.size() % brackets);
        if (epoch >= maxResource) {
            return TrialDecision.stop("ASHA: reached the max resource of " + maxResource + " epochs");
        }
        Map<String, Double> rung = rungs.get(bracket).get(epoch);
        if (rung == null) {
            return TrialDecision.CONTINUE;
        }
        rung.put(trialId, objective);
        List<Double> best = new ArrayList<>(rung.values());
        best.sort((a, b) -> Double.compare(score(b), score(a)));
        int keep = (best.size() + eta - 1) / eta;
        double cutoff = best.get(keep - 1);
        String where = "ASHA rung " + epoch + (brackets > 1 ? " (bracket " + bracket + ")" : "") + ": ";
        if (score(objective) >= score(cutoff)) {
            return TrialDecision.proceed(where + Numbers.format(objective) + " in the top 1/" + eta + " (cutoff "
                    + Numbers.format(cutoff) + " of " + best.size() + " results), promoted");
        }
        return TrialDecision.stop(where + Numbers.format(objective) + (maximise ? " below" : " above") + " the top 1/" + eta
                + " cutoff " + Numbers.format(cutoff) + " (" + best.size() + " results at this rung)");
    }

    /** Higher is better; NaN is worst. */
    private double score(double objective) {
        return Double.isNaN(objective) ? Double.NEGATIVE_INFINITY : maximise ? objective : -objective;
    }

    private static long pow(int base, int exponent) {
        long r = 1;
        for (int i = 0; i < exponent; i++) {
            r *= base;
        }
        return r;
    }
}
