package org.transferlab.orchestrator.schedule;

import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.SchedulerSpec;

/**
 * Decides after every reported epoch whether a trial goes on; only the experiment actor acts on
 * the decision.
 *
 * <p>Restore: implementations are deterministic in the sequence of results they see. Feeding a
 * fresh scheduler every recorded result ({@link #onResult}, one per trial and epoch) in the order
 * the results were originally recorded, with {@link #onTrialEnd} for trials that had ended at their
 * place in that order, rebuilds the state; the decisions it returns during the replay are the ones
 * already taken and can be ignored. (The median rule's state does not depend on the order at all;
 * ASHA's depends on it only through the order in which trials first reported, which picks their
 * bracket.)
 */
public interface TrialScheduler {

    TrialDecision onResult(String trialId, int epoch, double objective);

    /** The trial ended (completed, stopped or failed); forget or keep its record as the rule needs. */
    default void onTrialEnd(String trialId) {}

    static TrialScheduler fifo() {
        return (trialId, epoch, objective) -> TrialDecision.CONTINUE;
    }

    /** The scheduler a spec asks for; objective values are compared in the spec's direction. */
    static TrialScheduler create(SchedulerSpec spec, ObjectiveSpec objective) {
        String type = spec.type() == null ? "fifo" : spec.type();
        return switch (type) {
            case "fifo" -> fifo();
            case "asha" -> new AshaScheduler(orDefault(spec.gracePeriod(), 1), orDefault(spec.reductionFactor(), 3),
                    required(spec.maxResource(), "maxResource"), orDefault(spec.brackets(), 1), objective.maximise());
            case "median" -> new MedianStoppingRule(orDefault(spec.gracePeriod(), 1), orDefault(spec.minTrials(), 3), objective.maximise());
            default -> throw new IllegalArgumentException("unknown scheduler '" + type + "'; available: fifo, asha, median");
        };
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int required(Integer value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the asha scheduler needs " + name);
        }
        return value;
    }
}
