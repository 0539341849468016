package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * The optional stage of a fine-tune experiment that scores its candidate cut points before the
 * sweep: each frozen depth the sweep may try ({@code search.space.frozenLayers}, else
 * {@code train.frozenLayers}) is scored on the target's training data by how well the body's
 * features at that cut suit the target labels ({@code method}: {@code logme}, the log marginal
 * evidence of a Bayesian linear model, You et al. 2021). {@code examplesPerClass} labelled training
 * examples per target class are scored (default {@code data.examplesPerClass}: what a fine-tune
 * trains on). With {@code prune}, the sweep then only tries the candidates that survive it.
 * Absent, the section is off ({@value #NONE}) and the plan is unchanged.
 */
public record TransferabilitySpec(String method, Integer examplesPerClass, Prune prune) {

    public static final String NONE = "none";
    public static final String LOGME = "logme";
    public static final List<String> METHODS = List.of(LOGME);
    /** The most candidates one stage scores: each is a feature extraction and an evaluation. */
    public static final int MAX_CANDIDATES = 32;

    /**
     * Which candidates the sweep keeps: the {@code keep} best, and only those whose score is at most
     * {@code margin} below the best's (per-example log evidence). Either may be left out; the best
     * candidate is always kept.
     */
    public record Prune(Integer keep, Double margin) {}

    /** The section of a spec that does not ask for the stage. */
    public static final TransferabilitySpec OFF = new TransferabilitySpec(NONE, null, null);

    public boolean enabled() {
        return method != null && !NONE.equals(method);
    }

    /** @param data the defaulted data section: the sample's default size is the fine-tune's k */
    TransferabilitySpec withDefaults(DataSpec data) {
        if (NONE.equals(method)) {
            return OFF;
        }
        return new TransferabilitySpec(method == null ? LOGME : method,
                examplesPerClass == null ? data.examplesPerClass() : examplesPerClass, prune);
    }

    /**
     * The frozen depths a defaulted spec's sweep may try, ascending: the values of
     * {@code search.space.frozenLayers} (a choice's numbers, or every whole number of its range),
     * else the one {@code train.frozenLayers}.
     */
    public static List<Integer> candidates(ExperimentSpec spec) {
        ParamSpec p = spec.search().space().get("frozenLayers");
        if (p == null) {
            return List.of(spec.train().frozenLayers());
        }
        TreeSet<Integer> depths = new TreeSet<>();
        if (!p.numeric()) {
            for (Object v : p.values() == null ? List.of() : p.values()) {
                if (v instanceof Number n) {
                    depths.add((int) Math.round(n.doubleValue()));
                }
            }
        } else if (p.min() != null && p.max() != null && p.max() - p.min() <= MAX_CANDIDATES * 4L) {
            double step = p.q() != null && p.q() >= 1 ? p.q() : 1;
            for (double v = Math.ceil(p.min()); v <= p.max() + 1e-9; v += step) {
                depths.add((int) Math.round(v));
            }
        }
        return new ArrayList<>(depths);
    }
}
