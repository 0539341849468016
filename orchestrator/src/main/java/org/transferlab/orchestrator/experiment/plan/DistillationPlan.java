package org.transferlab.orchestrator.experiment.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * Teacher → student distillation: a {@code teacher} trial (skipped when the spec names a teacher
 * artifact) → the searcher's {@code student} trials over temperature and the two loss weights, each
 * reading the teacher. With {@code distill.baseline}, the from-scratch student runs too: a
 * {@code scratch} trial with the same architecture and budget and no teacher, one per distinct
 * configuration of the non-distillation parameters (a sweep over temperature and weights alone
 * needs one scratch run; one that also sweeps the learning rate gets a scratch run per rate).
 *
 * <p>A spec that lists several teachers ({@code distill.teachers}) runs one {@code teacher} trial
 * per teacher (parameter {@code teacher}: its index), all at once, and queues students only when
 * every teacher has published; each student then reads them all, teacher i under
 * {@link ArtifactRole#teacherInput}. The scratch baseline reads none, as before.
 */
final class DistillationPlan extends PreparedSweep {

    /** Parameters that only mean something with a teacher; a scratch run drops them. */
    static final Set<String> DISTILLATION_PARAMS = Set.of("temperature", "softWeight", "hardWeight");

    private final boolean scratchPerConfiguration;
    /** Seeds each configuration runs with: a sweep over the loss alone has one scratch run per seed. */
    private final int repeats;
    /** Every teacher's stage, the first one being {@link #first}. */
    private final List<SingleStage> teachers;

    DistillationPlan(ExperimentSpec spec, SearchStrategy search) {
        this(spec, search, teacherStages(spec));
    }

    private DistillationPlan(ExperimentSpec spec, SearchStrategy search, List<SingleStage> teachers) {
        super(teachers.get(0),
                new Baselines(Boolean.TRUE.equals(spec.distill().baseline()), TrialStage.SCRATCH,
                        param -> !DISTILLATION_PARAMS.contains(param)),
                baselines -> new Sweep(search, TrialStage.STUDENT, baselines.stage(), baselines::of));
        this.teachers = teachers;
        this.scratchPerConfiguration = spec.search().space().keySet().stream().anyMatch(k -> !DISTILLATION_PARAMS.contains(k));
        this.repeats = spec.withDefaults().search().repeats();
    }

    /** One teacher stage for a single teacher (as ever: no parameter), one per teacher when several are listed. */
    private static List<SingleStage> teacherStages(ExperimentSpec spec) {
        var distill = spec.withDefaults().distill();
        int count = distill.listsTeachers() ? distill.teachers().size() : 1;
        if (count == 1) {
            return List.of(new SingleStage(TrialStage.TEACHER, ArtifactRole.TEACHER, "teacher", distill.teacherArtifact()));
        }
        return IntStream.range(0, count).mapToObj(i -> new SingleStage(TrialStage.TEACHER, ArtifactRole.TEACHER,
                "teacher " + i, null, Map.of(TrialConfig.TEACHER, i))).toList();
    }

    @Override
    protected Optional<SingleStage> preparatory(TrialRecord t) {
        return teachers.stream().filter(stage -> stage.owns(t)).findFirst();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (!teachersDone()) {
            List<TrialRequest> due = new ArrayList<>();
            teachers.forEach(stage -> due.addAll(stage.request(Map.of())));
            return due;
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        for (int i = 0; i < teachers.size(); i++) {
            inputs.put(ArtifactRole.teacherInput(i), teachers.get(i).artifact());
        }
        return sweep.next(sweepCapacity, inputs, Map.of());
    }

    private boolean teachersDone() {
        return teachers.stream().allMatch(SingleStage::done);
    }

    @Override
    public boolean exhausted() {
        return teachersDone() && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        if (!baselines.enabled()) {
            return sweep.planned();
        }
        // Until the sweep is over, scratch runs per configuration are at most one per proposal.
        int scratch = scratchPerConfiguration ? (sweep.exhausted() ? baselines.count() : sweep.planned()) : repeats;
        return sweep.planned() + scratch;
    }
}
