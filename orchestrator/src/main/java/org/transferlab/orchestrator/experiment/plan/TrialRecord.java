package org.transferlab.orchestrator.experiment.plan;

import java.util.Map;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.TrialStage;

/**
 * What a plan learns about one of its trials: when it ends, and, on restore, for every recorded
 * trial in trial-number order. {@code outputs} are the artifacts it published (role → id).
 */
public record TrialRecord(
        TrialStage stage,
        Map<String, Object> params,
        Integer configuration,
        TrialStatus status,
        Double objective,
        Map<String, String> outputs) {

    public TrialRecord {
        params = params == null ? Map.of() : params;
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
    }

    /** Ended with a usable result (completed, or stopped early with its metrics). */
    public boolean succeeded() {
        return status == TrialStatus.COMPLETED || status == TrialStatus.STOPPED;
    }
}
