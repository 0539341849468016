package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Teacher → student distillation. The teacher (an MLP with {@code teacherHidden} layers) is trained
 * for {@code teacherEpochs} on the target task, or loaded from {@code teacherArtifact}. Students
 * (the experiment's {@code model}) train on L = softWeight · T² · CE(softmax(v/T), softmax(z/T)) +
 * hardWeight · CE(y, softmax(z)); {@code temperature}, {@code softWeight} and {@code hardWeight}
 * are the defaults that search parameters of the same names override. A from-scratch student
 * (hard labels only, same architecture and budget) runs as the baseline unless {@code baseline: false}.
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
        Boolean baseline) {

    DistillSpec withDefaults() {
        return new DistillSpec(
                teacherHidden == null ? List.of(1200, 1200) : SpecLists.copy(teacherHidden),
                teacherEpochs == null ? 10 : teacherEpochs,
                teacherLearningRate == null ? 1e-3 : teacherLearningRate,
                teacherDropout == null ? 0.2 : teacherDropout,
                teacherArtifact,
                temperature == null ? 4.0 : temperature,
                softWeight == null ? 0.9 : softWeight,
                hardWeight == null ? 0.1 : hardWeight,
                baseline == null ? Boolean.TRUE : baseline);
    }
}
