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
 * <p>{@code method} ({@link DistillMethod}) says what else the student matches: nothing
 * ({@code soft}, the default), the teacher's hint layer through a regressor first ({@code fitnet},
 * {@link FitNetSpec}) or attention maps of conv layers ({@code attention}, {@link AttentionSpec}).
 * Those need a teacher with such layers: {@code teacherModel} declares it like {@code model}
 * (a preset or {@code layers}), in place of the MLP of {@code teacherHidden}, whose dropout settings
 * then do not apply (the declared network carries its own).
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
        DistillMethod method,
        ModelSpec teacherModel,
        FitNetSpec fitnet,
        AttentionSpec attention,
        List<TeacherSpec> teachers) {

    /** A spec from before {@code method} and {@code teachers} existed: soft targets from one MLP teacher. */
    public DistillSpec(List<Integer> teacherHidden, Integer teacherEpochs, Double teacherLearningRate, Double teacherDropout,
            String teacherArtifact, Double temperature, Double softWeight, Double hardWeight, Boolean baseline, String mode,
            Integer transferExamplesPerClass, String transferLabels, Integer teacherExamplesPerClass,
            Double teacherInputDropout, Integer teacherJitter) {
        this(teacherHidden, teacherEpochs, teacherLearningRate, teacherDropout, teacherArtifact, temperature, softWeight,
                hardWeight, baseline, mode, transferExamplesPerClass, transferLabels, teacherExamplesPerClass,
                teacherInputDropout, teacherJitter, null, null, null, null, null);
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
        // a declared teacher carries its own layers and dropout: the MLP teacher's fields default to nothing
        boolean declaredTeacher = teacherModel != null;
        DistillSpec flat = new DistillSpec(
                teacherHidden == null ? (declaredTeacher ? List.of() : List.of(1200, 1200)) : SpecLists.copy(teacherHidden),
                teacherEpochs == null ? 10 : teacherEpochs,
                teacherLearningRate == null ? 1e-3 : teacherLearningRate,
                teacherDropout == null ? (declaredTeacher ? 0.0 : 0.2) : teacherDropout,
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
                teacherJitter == null ? 0 : teacherJitter,
                method == null ? DistillMethod.SOFT_TARGETS : method,
                declaredTeacher ? teacherModel.withDefaults() : null,
                (fitnet == null ? new FitNetSpec(null, null, null, null) : fitnet).withDefaults(),
                (attention == null ? new AttentionSpec(null, null, null) : attention).withDefaults(),
                null);
        return new DistillSpec(flat.teacherHidden, flat.teacherEpochs, flat.teacherLearningRate, flat.teacherDropout,
                flat.teacherArtifact, flat.temperature, flat.softWeight, flat.hardWeight, flat.baseline, flat.mode,
                flat.transferExamplesPerClass, flat.transferLabels, flat.teacherExamplesPerClass, flat.teacherInputDropout,
                flat.teacherJitter, flat.method, flat.teacherModel, flat.fitnet, flat.attention, teachers == null ? null
                        : teachers.stream().map(t -> t == null ? null : t.withDefaults(flat, data)).toList());
    }

    /**
     * The teacher's network as a model spec: {@code teacherModel}, or the MLP of {@code teacherHidden}
     * with {@code teacherDropout} (of a defaulted spec).
     */
    public ModelSpec teacherNetwork() {
        return teacherModel != null ? teacherModel
                : new ModelSpec("mlp", teacherHidden, List.of(), "relu", teacherDropout).withDefaults();
    }

    /**
     * What the students learn from, in words, for summaries: e.g. {@code FitNet hints (teacher layer conv2
     * ← student layer conv1 through a regressor, 5 epochs), then soft targets}.
     */
    public String methodText() {
        DistillMethod method = this.method == null ? DistillMethod.SOFT_TARGETS : this.method;
        FitNetSpec fitnet = (this.fitnet == null ? new FitNetSpec(null, null, null, null) : this.fitnet).withDefaults();
        AttentionSpec attention = (this.attention == null ? new AttentionSpec(null, null, null) : this.attention).withDefaults();
        String targets = HARD.equals(mode) ? "the teacher's argmax labels" : "soft targets";
        return switch (method) {
            case SOFT_TARGETS -> targets;
            case FITNET -> "FitNet hints (teacher layer " + fitnet.hintLayer() + " ← student layer " + fitnet.guidedLayer()
                    + " through a regressor, " + fitnet.epochs() + (fitnet.epochs() == 1 ? " epoch" : " epochs") + "), then " + targets;
            case ATTENTION -> "attention transfer (" + attention.pairs().stream()
                    .map(p -> "student " + p.student() + " ↔ teacher " + p.teacher())
                    .collect(java.util.stream.Collectors.joining(", ")) + "; β = " + plain(attention.beta())
                    + ", p = " + plain(attention.power()) + ") with " + targets;
        };
    }

    /** 4.0 as 4, 0.5 as 0.5. */
    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
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
