package org.transferlab.orchestrator.experiment.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/**
 * What a plan learns about one of its trials: when it ends, and, on restore, for every recorded
 * trial in trial-number order. {@code outputs} are the artifacts it published (role → id);
 * {@code objectives} the value of each of the spec's objectives in order (the first is
 * {@code objective}; an entry is null where the trial reported none), what a multi-objective
 * searcher learns from; {@code scores} the candidates a transferability stage scored.
 */
public record TrialRecord(
        TrialStage stage,
        Map<String, Object> params,
        Integer configuration,
        TrialStatus status,
        Double objective,
        Map<String, String> outputs,
        List<Double> objectives,
        List<CandidateScore> scores) {

    public TrialRecord {
        params = params == null ? Map.of() : params;
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        objectives = objectives == null ? Collections.singletonList(objective) : Collections.unmodifiableList(new ArrayList<>(objectives));
        scores = scores == null ? List.of() : List.copyOf(scores);
    }

    /** A single-objective record of a trial that scored no candidates (any stage but transferability). */
    public TrialRecord(TrialStage stage, Map<String, Object> params, Integer configuration, TrialStatus status, Double objective,
            Map<String, String> outputs) {
        this(stage, params, configuration, status, objective, outputs, null, null);
    }

    /**
     * The objective vector of a trial: {@code objective} (the recorded first objective) and then
     * each further goal's value in {@code metrics} (its final metrics), null where it has none.
     */
    public static List<Double> objectives(List<ObjectiveSpec.Goal> goals, Double objective, Map<String, Double> metrics) {
        List<Double> out = new ArrayList<>(goals.size());
        out.add(objective);
        for (int i = 1; i < goals.size(); i++) {
            out.add(metrics == null ? null : metrics.get(goals.get(i).metric()));
        }
        return out;
    }

    /** Ended with a usable result (completed, or stopped early with its metrics). */
    public boolean succeeded() {
        return status == TrialStatus.COMPLETED || status == TrialStatus.STOPPED;
    }
}
