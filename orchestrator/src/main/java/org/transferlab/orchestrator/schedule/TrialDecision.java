package org.transferlab.orchestrator.schedule;

import java.util.Map;

/**
 * A scheduler's verdict on one reported result, with the reason shown to users: go on
 * ({@link Continue}), stop after this epoch ({@link Stop}), or, under population-based training,
 * continue from a better trial's checkpoint with new hyperparameters ({@link Exploit}). Only the
 * experiment actor acts on it; to the worker an exploit ends the running attempt like a stop, and
 * the trial's next attempt starts from the donor's checkpoint.
 */
public sealed interface TrialDecision {

    Continue CONTINUE = new Continue("continue");

    String reason();

    /** Whether the running attempt ends after this epoch (a stop or an exploit). */
    default boolean stop() {
        return !(this instanceof Continue);
    }

    static TrialDecision stop(String reason) {
        return new Stop(reason);
    }

    /** Continue, saying why (e.g. a promotion past an ASHA rung). */
    static TrialDecision proceed(String reason) {
        return new Continue(reason);
    }

    record Continue(String reason) implements TrialDecision {}

    record Stop(String reason) implements TrialDecision {}

    /**
     * Continue trial's training from {@code donorTrialId}'s checkpoint {@code checkpoint}, published
     * after its epoch {@code donorEpoch}, with {@code params} in place of the trial's own.
     *
     * @param objective the exploited trial's objective at the epoch it was exploited
     * @param donorObjective the donor's objective at {@code donorEpoch}
     */
    record Exploit(String donorTrialId, int donorEpoch, String checkpoint, Map<String, Object> params, double objective,
            double donorObjective, String reason) implements TrialDecision {
        public Exploit {
            params = Map.copyOf(params);
        }
    }
}
