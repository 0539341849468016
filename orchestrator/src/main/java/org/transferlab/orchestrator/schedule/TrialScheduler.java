package org.transferlab.orchestrator.schedule;

import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.SchedulerSpec;

/**
 * Decides after every reported epoch whether a trial goes on. Implementations are deterministic
 * in the sequence of results they see, so replaying recorded results rebuilds their state.
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
        return switch (spec.type()) {
            case "fifo" -> fifo();
            default -> throw new IllegalArgumentException("scheduler '" + spec.type() + "' is not implemented yet");
        };
    }
}
