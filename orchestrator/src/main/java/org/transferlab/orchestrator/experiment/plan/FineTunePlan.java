package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialStage;

/**
 * Fine-tune sweep: an optional {@code pretrain} stage publishes the {@code body} (skipped when the
 * spec names a body artifact), then the searcher's {@code finetune} trials each read it. A synthetic
 * experiment is the same plan without the pretrain stage and with {@code synthetic} trials.
 */
final class FineTunePlan implements Plan {

    private final Sweep sweep;
    private final boolean needsBody;
    private final SingleStage pretrain;

    FineTunePlan(ExperimentSpec spec, SearchStrategy search, TrialStage sweepStage) {
        this.sweep = new Sweep(search, sweepStage);
        this.needsBody = sweepStage != TrialStage.SYNTHETIC;
        this.pretrain = new SingleStage(TrialStage.PRETRAIN, ArtifactRole.BODY, "pretrain", spec.pretrain().artifact());
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (needsBody && !pretrain.done()) {
            return pretrain.request(Map.of());
        }
        Map<String, String> inputs = needsBody ? Map.of(ArtifactRole.BODY.key(), pretrain.artifact()) : Map.of();
        return sweep.next(sweepCapacity, inputs, inputs);
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (pretrain.owns(t)) {
            return pretrain.onEnded(t);
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        if (pretrain.owns(t)) {
            pretrain.restore(t);
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
        return (!needsBody || pretrain.done()) && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        return sweep.planned();
    }
}
