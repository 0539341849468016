package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Teacher → student distillation, as Hinton, Vinyals and Dean (2015) run it.
 *
 * <p>The teacher (an MLP with {@code teacherHidden} layers, dropout {@code teacherDropout} on its
 * hidden units and {@code teacherInputDropout} on its pixels, each training image shifted by up to
 * {@code teacherJitter} pixels) is trained for {@code teacherEpochs} on {@code teacherExamplesPerClass}
 * images per target class (0: every training image), or loaded from {@code teacherArtifact}.
 *
 * <p>Students (the experiment's {@code model}) train on the transfer set: {@code transferExamplesPerClass}
 * images per target class (0: every training image), drawn with the experiment's seed from the same
 * shuffled classes as the teacher's sample, so it is the first part of the teacher's images whatever
 * the trials' seeds. The loss is L = softWeight · T² · CE(softmax(v/T), softmax(z/T)) +
 * hardWeight · CE(y, softmax(z)) in {@code mode: soft}; in {@code mode: hard} (pseudo-labels) the
 * teacher's term is softWeight · CE(onehot(argmax v), softmax(z)), without T. With
 * {@code transferLabels: none} the transfer set is unlabelled: students see only the teacher's
 * outputs (so hardWeight must be 0, its default then). {@code temperature}, {@code softWeight} and
 * {@code hardWeight} are the defaults that search parameters of the same names override. A
 * from-scratch student (the true labels of the same transfer set, same architecture and budget)
 * runs as the baseline unless {@code baseline: false}.
 *
 * <p>{@code teachers} lists several teachers ({@link TeacherSpec}), each trained on its own classes
 * or dataset; left out, the one teacher above teaches. Each teacher's share of the soft term is
 * its {@code weight} over the teachers' sum: a teacher of the students' classes gives soft targets
 * over them, one that shares only some of their classes teaches the students' distribution
 * restricted to those (the conditional cross-entropy of Vongkulbhisal et al., CVPR 2019), and one
 * that shares none teaches an auxiliary head of the students, dropped after training.
 */
public record DistillSpec(
        List<Integer> teacherHidden,
        Integer teacherEpochs,
        Double teacherLearningRate,
        Double teacherDropout,
        String teacherArtifact,
        Double temperature,
        Double softWeight,
        Double hardWeight,
        Boolean baseline,
        String mode,
        Integer transferExamplesPerClass,
        String transferLabels,
        Integer teacherExamplesPerClass,
        Double teacherInputDropout,
        Integer teacherJitter,
        List<TeacherSpec> teachers) {

    /** A single-teacher distillation, as before teachers could be listed. */
    public DistillSpec(List<Integer> teacherHidden, Integer teacherEpochs, Double teacherLearningRate, Double teacherDropout,
            String teacherArtifact, Double temperature, Double softWeight, Double hardWeight, Boolean baseline, String mode,
            Integer transferExamplesPerClass, String transferLabels, Integer teacherExamplesPerClass,
            Double teacherInputDropout, Integer teacherJitter) {
        this(teacherHidden, teacherEpochs, teacherLearningRate, teacherDropout, teacherArtifact, temperature, softWeight,
                hardWeight, baseline, mode, transferExamplesPerClass, transferLabels, teacherExamplesPerClass,
                teacherInputDropout, teacherJitter, null);
    }

    /** Soft targets: the teacher's softmax at temperature T. */
    public static final String SOFT = "soft";
    /** Pseudo-labels: the teacher's most probable class. */
    public static final String HARD = "hard";
    /** {@code transferLabels}: the transfer set's true labels feed the hard term. */
    public static final String LABELLED = "hard";
    /** {@code transferLabels}: the transfer set is unlabelled; only the teacher labels it. */
    public static final String UNLABELLED = "none";

    /** Defaults filled; {@code data} (defaulted) gives the listed teachers' default classes and dataset. */
    DistillSpec withDefaults(DataSpec data) {
        String labels = transferLabels == null ? LABELLED : transferLabels;
        DistillSpec flat = new DistillSpec(
                teacherHidden == null ? List.of(1200, 1200) : SpecLists.copy(teacherHidden),
                teacherEpochs == null ? 10 : teacherEpochs,
                teacherLearningRate == null ? 1e-3 : teacherLearningRate,
                teacherDropout == null ? 0.2 : teacherDropout,
                teacherArtifact,
                temperature == null ? 4.0 : temperature,
                softWeight == null ? (UNLABELLED.equals(labels) ? 1.0 : 0.9) : softWeight,
                hardWeight == null ? (UNLABELLED.equals(labels) ? 0.0 : 0.1) : hardWeight,
                baseline == null ? Boolean.TRUE : baseline,
                mode == null ? SOFT : mode,
                transferExamplesPerClass == null ? 0 : transferExamplesPerClass,
                labels,
                teacherExamplesPerClass == null ? 0 : teacherExamplesPerClass,
                teacherInputDropout == null ? 0.0 : teacherInputDropout,
                teacherJitter == null ? 0 : teacherJitter);
        return new DistillSpec(flat.teacherHidden, flat.teacherEpochs, flat.teacherLearningRate, flat.teacherDropout,
                flat.teacherArtifact, flat.temperature, flat.softWeight, flat.hardWeight, flat.baseline, flat.mode,
                flat.transferExamplesPerClass, flat.transferLabels, flat.teacherExamplesPerClass, flat.teacherInputDropout,
                flat.teacherJitter, teachers == null ? null
                        : teachers.stream().map(t -> t == null ? null : t.withDefaults(flat, data)).toList());
    }

    /**
     * The teachers of a defaulted spec: the listed ones, or the single teacher of the flat fields
     * (the students' classes and dataset, weight 1) when none are listed.
     */
    public List<TeacherSpec> teacherList(DataSpec data) {
        return teachers != null && !teachers.isEmpty() ? teachers
                : List.of(new TeacherSpec(data.targetClasses(), data.dataset(), teacherHidden, teacherEpochs,
                        teacherLearningRate, teacherDropout, teacherExamplesPerClass, 1.0));
    }

    /** Whether the spec lists its teachers ({@code distill.teachers}) rather than describing one in the flat fields. */
    public boolean listsTeachers() {
        return teachers != null && !teachers.isEmpty();
    }
}
