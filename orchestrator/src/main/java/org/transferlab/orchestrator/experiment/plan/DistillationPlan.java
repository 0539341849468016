package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialStage;

/**
 * Teacher → student distillation: a {@code teacher} trial (skipped when the spec names a teacher
 * artifact) → the searcher's {@code student} trials over temperature and the two loss weights, each
 * reading the teacher. With {@code distill.baseline}, the from-scratch student runs too: a
 * {@code scratch} trial with the same architecture and budget and no teacher, one per distinct
 * configuration of the non-distillation parameters (a sweep over temperature and weights alone
 * needs one scratch run; one that also sweeps the learning rate gets a scratch run per rate).
 */
final class DistillationPlan extends PreparedSweep {

    /** Parameters that only mean something with a teacher; a scratch run drops them. */
    static final Set<String> DISTILLATION_PARAMS = Set.of("temperature", "softWeight", "hardWeight");

    private final boolean scratchPerConfiguration;

    DistillationPlan(ExperimentSpec spec, SearchStrategy search) {
        super(new SingleStage(TrialStage.TEACHER, ArtifactRole.TEACHER, "teacher", spec.distill().teacherArtifact()),
                new Baselines(Boolean.TRUE.equals(spec.distill().baseline()), TrialStage.SCRATCH,
                        param -> !DISTILLATION_PARAMS.contains(param)),
                baselines -> new Sweep(search, TrialStage.STUDENT, baselines.stage(), baselines::of));
        this.scratchPerConfiguration = spec.search().space().keySet().stream().anyMatch(k -> !DISTILLATION_PARAMS.contains(k));
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (!first.done()) {
            return first.request(Map.of());
        }
        return sweep.next(sweepCapacity, Map.of(ArtifactRole.TEACHER.key(), first.artifact()), Map.of());
    }

    @Override
    public boolean exhausted() {
        return first.done() && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        if (!baselines.enabled()) {
            return sweep.planned();
        }
        // Until the sweep is over, scratch runs per configuration are at most one per proposal.
        int scratch = scratchPerConfiguration ? (sweep.exhausted() ? baselines.count() : sweep.planned()) : 1;
        return sweep.planned() + scratch;
    }
}
