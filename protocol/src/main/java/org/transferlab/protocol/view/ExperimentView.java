package org.transferlab.protocol.view;

import java.time.Instant;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * An experiment as the API shows it, with its progress and best result so far. {@code
 * failedTrials} counts the sweep's failed trials (those in {@code trialsDone} that failed): a
 * COMPLETED experiment with failed trials says how many through it and {@link #statusText()}.
 */
public record ExperimentView(
        String id,
        String name,
        String kind,
        ExperimentStatus status,
        Instant createdAt,
        Instant finishedAt,
        String objectiveMetric,
        String objectiveMode,
        int trialsTotal,
        int trialsDone,
        int failedTrials,
        Double bestValue,
        String bestTrialId,
        String message,
        ExperimentSpec spec) {

    /** The status as people should read it: {@code COMPLETED, 5 of 6 trials failed} when any failed. */
    public String statusText() {
        if (status == null) {
            return "";
        }
        if (failedTrials <= 0) {
            return status.name();
        }
        return status.name() + ", " + failedTrials + " of " + Math.max(failedTrials, trialsDone)
                + (trialsDone == 1 ? " trial" : " trials") + " failed";
    }
}
