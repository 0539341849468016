package org.transferlab.orchestrator.http;

import java.util.List;
import java.util.Optional;
import org.transferlab.orchestrator.store.ArtifactRecord;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.protocol.spec.ExperimentKind;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.spec.PretrainSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.spec.TeacherSpec;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * Checks a distillation's {@code distill.teacherArtifact} at submission, so that a teacher that
 * cannot teach these students is a 400 naming the field instead of a failure inside the worker.
 * The orchestrator never opens a network: what a classifier artifact answers is read from the
 * spec of the experiment that produced it (a {@code teacher} or {@code model} answers that
 * experiment's target classes, a supervised {@code body} its source classes; a teacher of an
 * experiment that listed several answers its own {@code distill.teachers} entry, found by the trial
 * that published it), and {@link SpecValidator#checkTeacher} compares it with the students' task.
 */
final class TeacherArtifacts {

    private static final String FIELD = "distill.teacherArtifact";

    private final LabStore store;

    TeacherArtifacts(LabStore store) {
        this.store = store;
    }

    /** Field errors of the spec's teacher artifact; none when the spec names none. */
    List<FieldError> check(ExperimentSpec spec) {
        String id = spec.distill() == null ? null : spec.distill().teacherArtifact();
        if (spec.kind() != ExperimentKind.DISTILLATION || id == null) {
            return List.of();
        }
        Optional<ArtifactRecord> artifact = store.artifacts().find(id);
        if (artifact.isEmpty()) {
            return List.of(new FieldError(FIELD, "no artifact '" + id + "' in this lab; a finished distillation lists "
                    + "its teacher under GET /api/experiments/{id}/artifacts"));
        }
        ArtifactRecord record = artifact.get();
        Optional<ExperimentSpec> origin = store.experiments().find(record.experimentId()).map(ExperimentView::spec);
        if (origin.isEmpty()) {
            // the producing experiment's record is gone: the worker still checks the network itself
            return List.of();
        }
        ExperimentSpec producer = origin.get().withDefaults();
        if (record.role().equals(ArtifactRole.TEACHER.key()) && producer.distill().listsTeachers()) {
            Optional<TeacherSpec> teacher = listedTeacher(producer, record);
            if (teacher.isEmpty()) {
                return List.of(); // no trial says which teacher it is: the worker still checks the network itself
            }
            return SpecValidator.checkTeacher(spec, id, new SpecValidator.ClassifierTask(teacher.get().dataset(), teacher.get().classes()));
        }
        return task(producer, record.role())
                .map(task -> SpecValidator.checkTeacher(spec, id, task))
                .orElseGet(() -> List.of(new FieldError(FIELD, "artifact '" + id + "' is a " + record.role() + " of experiment "
                        + record.experimentId() + ", not a trained classifier; name a teacher or model artifact")));
    }

    /** The {@code distill.teachers} entry whose teacher trial published {@code artifact}. */
    private Optional<TeacherSpec> listedTeacher(ExperimentSpec producer, ArtifactRecord artifact) {
        List<TeacherSpec> teachers = producer.distill().teacherList(producer.data());
        return store.trials().ofExperiment(artifact.experimentId()).stream()
                .filter(t -> t.stage() == TrialStage.TEACHER && artifact.id().equals(t.outputs().get(ArtifactRole.TEACHER.key())))
                .findFirst()
                .map(t -> t.params().get(TrialConfig.TEACHER) instanceof Number n ? n.intValue() : 0)
                .filter(i -> i >= 0 && i < teachers.size())
                .map(teachers::get);
    }

    /** What a classifier artifact of {@code role} produced by {@code origin} answers; empty when it is no classifier. */
    static Optional<SpecValidator.ClassifierTask> task(ExperimentSpec origin, String role) {
        var data = origin.data();
        if (role.equals(ArtifactRole.TEACHER.key()) || role.equals(ArtifactRole.MODEL.key())) {
            return Optional.of(new SpecValidator.ClassifierTask(data.dataset(), data.targetClasses()));
        }
        if (role.equals(ArtifactRole.BODY.key()) && PretrainSpec.SUPERVISED.equals(origin.pretrain().mode())
                && origin.pretrain().artifact() == null) {
            return Optional.of(new SpecValidator.ClassifierTask(data.sourceDataset(), data.sourceClasses()));
        }
        return Optional.empty();
    }
}
