package org.transferlab.orchestrator.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.SearchSpec;

/**
 * Proposes parameter sets and learns from results; never stops a trial.
 *
 * <p>{@code search.trials} counts configurations; with {@code repeats} r each configuration is
 * proposed r times in a row (with a {@code seed} parameter when r &gt; 1), so a searcher plans
 * {@code trials × r} trials. Proposals may be asked for while earlier ones are still running.
 *
 * <p>Restore: create a fresh strategy with the same spec and seed and {@link #replay} every recorded
 * trial of it in trial-number order; {@link #next} then returns exactly what the uninterrupted
 * strategy would have returned, whatever the interleaving of calls before the restart was.
 */
public interface SearchStrategy {

    /** The next trial's parameters, or empty when the space or budget is exhausted. */
    Optional<Map<String, Object>> next();

    /** A trial with these parameters finished with this objective value (null if it failed). */
    default void observe(Map<String, Object> params, Double objective) {
        observeObjectives(params, objective == null ? null : List.of(objective));
    }

    /**
     * A trial with these parameters finished with these values of the spec's objectives, in the
     * spec's order (null, or a null or non-finite value, if it failed or could not be measured).
     * A single-objective searcher reads the first value only.
     */
    void observeObjectives(Map<String, Object> params, List<Double> objectives);

    /**
     * Restores one recorded trial, in trial-number order: it counts as proposed, and as observed
     * with {@code objective} (null = failed) when {@code finished}. An unfinished trial stays pending
     * until {@link #observe} reports it.
     */
    default void replay(Map<String, Object> params, boolean finished, Double objective) {
        replayObjectives(params, finished, objective == null ? null : List.of(objective));
    }

    /** {@link #replay} with every objective's value, as {@link #observeObjectives}. */
    void replayObjectives(Map<String, Object> params, boolean finished, List<Double> objectives);

    /** How many trials this strategy will propose at most. */
    int plannedTrials();

    static SearchStrategy create(SearchSpec search, ObjectiveSpec objective, long seed) {
        int budget = search.trials() == null ? 4 : search.trials();
        int repeats = search.repeats() == null ? 1 : search.repeats();
        String algorithm = search.algorithm() == null ? "random" : search.algorithm();
        return switch (algorithm) {
            case "grid" -> new GridSearch(search.space(), budget, repeats, seed);
            case "random" -> new RandomSearch(search.space(), budget, repeats, seed);
            case "tpe" -> objective.multi()
                    ? new TpeSearch(search.space(), objective.goals().stream().map(ObjectiveSpec.Goal::maximise).toList(), budget, repeats, seed,
                            TpeSearch.Settings.defaults(budget))
                    : new TpeSearch(search.space(), objective.maximise(), budget, repeats, seed, TpeSearch.Settings.defaults(budget));
            default -> throw new IllegalArgumentException("unknown search algorithm '" + algorithm + "'");
        };
    }
}
