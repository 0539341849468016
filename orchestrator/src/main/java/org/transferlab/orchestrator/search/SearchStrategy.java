package org.transferlab.orchestrator.search;

import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.SearchSpec;

/**
 * Proposes parameter sets and learns from results. Deterministic for a given seed and sequence of
 * calls, so an orchestrator restart can rebuild it by replaying recorded proposals and results.
 */
public interface SearchStrategy {

    /** The next configuration, or empty when the space or budget is exhausted. */
    Optional<Map<String, Object>> next();

    /** A trial with these parameters finished with this objective value (null if it failed). */
    void observe(Map<String, Object> params, Double objective);

    /** How many trials this strategy will propose at most. */
    int plannedTrials();

    /**
     * Restores one recorded trial, called in trial-number order on a fresh strategy after a restart:
     * afterwards {@link #next()} continues as if the orchestrator had never stopped. This default
     * re-draws the proposal and learns the result; strategies whose state depends on the order of
     * results override it.
     */
    default void replay(Map<String, Object> params, boolean finished, Double objective) {
        next();
        if (finished) {
            observe(params, objective);
        }
    }

    static SearchStrategy create(SearchSpec search, ObjectiveSpec objective, long seed) {
        return switch (search.algorithm()) {
            case "grid" -> new GridSearch(search.space(), search.trials());
            case "random" -> new RandomSearch(search.space(), search.trials(), seed);
            default -> throw new IllegalArgumentException("unknown search algorithm '" + search.algorithm() + "'");
        };
    }
}
