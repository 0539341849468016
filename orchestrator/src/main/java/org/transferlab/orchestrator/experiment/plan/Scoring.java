package org.transferlab.orchestrator.experiment.plan;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;
import org.transferlab.protocol.spec.TransferabilitySpec;
import org.transferlab.protocol.view.TransferabilityView;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/**
 * The transferability stage of a fine-tune plan: one trial, after the body exists and before the
 * sweep, that scores the candidate frozen depths ({@link TransferabilitySpec}). Its scores decide,
 * with {@code transferability.prune}, which depths the sweep's searcher may propose: the
 * {@code frozenLayers} dimension becomes a choice of the kept depths ({@link #narrowed}), by the same
 * rule every view shows ({@link TransferabilityView#rank}). Without {@code prune} it only informs.
 */
final class Scoring {

    private final ExperimentSpec spec;
    private boolean queued;
    private List<CandidateScore> scores;

    Scoring(ExperimentSpec spec) {
        this.spec = spec.withDefaults();
    }

    boolean done() {
        return scores != null;
    }

    /** The stage's trial the first time it is asked for, reading the body; nothing afterwards. */
    List<TrialRequest> request(Map<String, String> inputs) {
        if (queued) {
            return List.of();
        }
        queued = true;
        return List.of(new TrialRequest(TrialStage.TRANSFERABILITY, Map.of(), inputs, null));
    }

    static boolean owns(TrialRecord t) {
        return t.stage() == TrialStage.TRANSFERABILITY;
    }

    /** Takes the finished stage's scores; an error when it ended without any, which the sweep's pruning needs. */
    Optional<String> onEnded(TrialRecord t) {
        if (!t.succeeded() || t.scores().isEmpty()) {
            return Optional.of("the transferability stage ended " + t.status().name().toLowerCase()
                    + " without scores for the candidate frozen depths");
        }
        scores = t.scores();
        return Optional.empty();
    }

    void restore(TrialRecord t) {
        queued = true;
        if (t.succeeded() && !t.scores().isEmpty()) {
            scores = t.scores();
        }
    }

    /**
     * The search section the sweep runs once the scores are in: with {@code frozenLayers} narrowed to
     * the kept depths when anything was pruned; empty when the space stays as written.
     */
    Optional<SearchSpec> narrowed() {
        TransferabilitySpec.Prune prune = spec.transferability().prune();
        SearchSpec search = spec.search();
        ParamSpec depths = search.space().get("frozenLayers");
        if (prune == null || depths == null || scores == null) {
            return Optional.empty();
        }
        List<Integer> kept = new TransferabilityView(spec.transferability().method(), null, null,
                TransferabilityView.rank(scores, prune)).kept();
        if (kept.size() == scores.size()) {
            return Optional.empty();
        }
        Map<String, ParamSpec> space = new LinkedHashMap<>(search.space());
        space.put("frozenLayers", new ParamSpec("choice", null, null, List.copyOf(kept), null, depths.when()));
        return Optional.of(new SearchSpec(search.algorithm(), search.trials(), search.maxConcurrent(), search.repeats(), space));
    }
}
