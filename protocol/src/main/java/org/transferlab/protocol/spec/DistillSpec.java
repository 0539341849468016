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
        Integer teacherJitter) {

    /** Soft targets: the teacher's softmax at temperature T. */
    public static final String SOFT = "soft";
    /** Pseudo-labels: the teacher's most probable class. */
    public static final String HARD = "hard";
    /** {@code transferLabels}: the transfer set's true labels feed the hard term. */
    public static final String LABELLED = "hard";
    /** {@code transferLabels}: the transfer set is unlabelled; only the teacher labels it. */
    public static final String UNLABELLED = "none";

    DistillSpec withDefaults() {
        String labels = transferLabels == null ? LABELLED : transferLabels;
        return new DistillSpec(
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
    }
}
