package org.transferlab.orchestrator.experiment.plan;

import java.util.Map;
import org.transferlab.protocol.work.TrialStage;

/**
 * A trial a plan wants queued: its stage, the parameters shown for it (the searcher's proposal, or
 * a stage's own such as the scout index), the artifacts it reads (role → id) and the searcher
 * proposal it runs ({@code configuration}, 1-based; null for single stages).
 */
public record TrialRequest(TrialStage stage, Map<String, Object> params, Map<String, String> inputs, Integer configuration) {

    public TrialRequest {
        params = params == null ? Map.of() : params;
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }
}
