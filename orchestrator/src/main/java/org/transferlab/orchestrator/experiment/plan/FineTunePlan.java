package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * Fine-tune sweep: an optional {@code pretrain} stage publishes the {@code body} (skipped when the
 * spec names a body artifact), then the searcher's {@code finetune} trials each read it. A synthetic
 * experiment is the same plan without the pretrain stage and with {@code synthetic} trials.
 */
final class FineTunePlan implements Plan {

    private final Sweep sweep;
    private final boolean needsBody;
    private String body;
    private boolean pretrainQueued;

    FineTunePlan(ExperimentSpec spec, SearchStrategy search, Stage sweepStage) {
        this.sweep = new Sweep(search, sweepStage);
        this.needsBody = sweepStage != Stage.SYNTHETIC;
        this.body = spec.pretrain().artifact();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (needsBody && body == null) {
            if (pretrainQueued) {
                return List.of();
            }
            pretrainQueued = true;
            return List.of(new TrialRequest(Stage.PRETRAIN, Map.of(), Map.of(), null));
        }
        Map<String, String> inputs = needsBody ? Map.of(Roles.BODY, body) : Map.of();
        return sweep.next(sweepCapacity, inputs, inputs);
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (t.stage() == Stage.PRETRAIN) {
            body = t.outputs().get(Roles.BODY);
            return body == null ? Optional.of(Roles.missing("pretrain", Roles.BODY, t)) : Optional.empty();
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        if (t.stage() == Stage.PRETRAIN) {
            pretrainQueued = true;
            if (t.status().terminal()) {
                body = t.outputs().get(Roles.BODY);
            }
        } else {
            sweep.restore(t);
        }
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }

    @Override
    public boolean exhausted() {
        return (!needsBody || body != null) && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        return sweep.planned();
    }
}
