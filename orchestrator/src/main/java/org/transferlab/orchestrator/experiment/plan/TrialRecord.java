package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/**
 * What a plan learns about one of its trials: when it ends, and, on restore, for every recorded
 * trial in trial-number order. {@code outputs} are the artifacts it published (role → id), {@code scores}
 * the candidates a transferability stage scored.
 */
public record TrialRecord(
        TrialStage stage,
        Map<String, Object> params,
        Integer configuration,
        TrialStatus status,
        Double objective,
        Map<String, String> outputs,
        List<CandidateScore> scores) {

    public TrialRecord {
        params = params == null ? Map.of() : params;
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    /** A trial of any stage but transferability: it scores no candidates. */
    public TrialRecord(TrialStage stage, Map<String, Object> params, Integer configuration, TrialStatus status,
            Double objective, Map<String, String> outputs) {
        this(stage, params, configuration, status, objective, outputs, List.of());
    }

    /** Ended with a usable result (completed, or stopped early with its metrics). */
    public boolean succeeded() {
        return status == TrialStatus.COMPLETED || status == TrialStatus.STOPPED;
    }
}
