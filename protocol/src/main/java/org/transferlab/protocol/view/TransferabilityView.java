package org.transferlab.protocol.view;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.transferlab.protocol.spec.TransferabilitySpec;
import org.transferlab.protocol.work.CandidateScore;

/**
 * The transferability stage's candidates as the API shows them: ranked best first, each with its
 * score and whether the sweep dropped it ({@code transferability.prune}). The one rule that says
 * which candidates survive lives here ({@link #rank}), so the plan that prunes the sweep and every
 * view of the ranking agree, also after a restore.
 *
 * @param method the score ({@code logme})
 * @param trialId the transferability stage's trial
 * @param status that trial's status; candidates are empty until it completed
 */
public record TransferabilityView(String method, String trialId, TrialStatus status, List<Candidate> candidates) {

    public TransferabilityView {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
    }

    /**
     * One ranked candidate.
     *
     * @param rank 1 for the best score; ties share the order of their frozen depth
     * @param pruned whether the sweep does not try this candidate
     */
    public record Candidate(int rank, int frozenLayers, String cut, int features, int examples, double score, boolean pruned) {}

    /** The frozen depths the sweep keeps, ascending. */
    public List<Integer> kept() {
        return candidates.stream().filter(c -> !c.pruned()).map(Candidate::frozenLayers).sorted().toList();
    }

    /**
     * Ranks {@code scores} best first and marks what {@code prune} drops: everything after the
     * {@code keep} best, and everything more than {@code margin} below the best. A candidate whose
     * score is not a number ranks last and is dropped whenever anything is pruned.
     */
    public static List<Candidate> rank(List<CandidateScore> scores, TransferabilitySpec.Prune prune) {
        List<CandidateScore> ordered = new ArrayList<>(scores);
        ordered.sort(Comparator.comparing((CandidateScore c) -> Double.isNaN(c.score()) ? Double.NEGATIVE_INFINITY : c.score())
                .reversed().thenComparingInt(CandidateScore::frozenLayers));
        double best = ordered.isEmpty() ? Double.NaN : ordered.get(0).score();
        List<Candidate> ranked = new ArrayList<>();
        for (int i = 0; i < ordered.size(); i++) {
            CandidateScore c = ordered.get(i);
            boolean pruned = false;
            if (prune != null && i > 0) {
                pruned = Double.isNaN(c.score())
                        || (prune.keep() != null && i >= prune.keep())
                        || (prune.margin() != null && c.score() < best - prune.margin());
            }
            ranked.add(new Candidate(i + 1, c.frozenLayers(), c.cut(), c.features(), c.examples(), c.score(), pruned));
        }
        return ranked;
    }
}
