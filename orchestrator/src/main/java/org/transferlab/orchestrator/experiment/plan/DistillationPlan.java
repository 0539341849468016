package org.transferlab.orchestrator.experiment.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
final class DistillationPlan implements Plan {

    /** Parameters that only mean something with a teacher; a scratch run drops them. */
    static final Set<String> DISTILLATION_PARAMS = Set.of("temperature", "softWeight", "hardWeight");

    private final boolean baseline;
    private final boolean scratchPerConfiguration;
    private final Sweep sweep;
    private final Set<Map<String, Object>> scratchConfigurations = new HashSet<>();
    private final SingleStage teacher;

    DistillationPlan(ExperimentSpec spec, SearchStrategy search) {
        this.baseline = Boolean.TRUE.equals(spec.distill().baseline());
        this.scratchPerConfiguration = spec.search().space().keySet().stream().anyMatch(k -> !DISTILLATION_PARAMS.contains(k));
        this.sweep = new Sweep(search, TrialStage.STUDENT, TrialStage.SCRATCH, this::scratchOf);
        this.teacher = new SingleStage(TrialStage.TEACHER, ArtifactRole.TEACHER, "teacher", spec.distill().teacherArtifact());
    }

    private Optional<Map<String, Object>> scratchOf(Map<String, Object> student) {
        if (!baseline) {
            return Optional.empty();
        }
        Map<String, Object> params = new LinkedHashMap<>(student);
        params.keySet().removeAll(DISTILLATION_PARAMS);
        return scratchConfigurations.add(params) ? Optional.of(params) : Optional.empty();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (!teacher.done()) {
            return teacher.request(Map.of());
        }
        return sweep.next(sweepCapacity, Map.of(ArtifactRole.TEACHER.key(), teacher.artifact()), Map.of());
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (teacher.owns(t)) {
            return teacher.onEnded(t);
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        if (teacher.owns(t)) {
            teacher.restore(t);
            return;
        }
        if (t.stage() == TrialStage.SCRATCH) {
            scratchConfigurations.add(t.params());
        }
        sweep.restore(t);
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }

    @Override
    public boolean exhausted() {
        return teacher.done() && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        if (!baseline) {
            return sweep.planned();
        }
        // Until the sweep is over, scratch runs per configuration are at most one per proposal.
        int scratch = scratchPerConfiguration ? (sweep.exhausted() ? scratchConfigurations.size() : sweep.planned()) : 1;
        return sweep.planned() + scratch;
    }
}
