package org.transferlab.orchestrator.schedule;

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
}
