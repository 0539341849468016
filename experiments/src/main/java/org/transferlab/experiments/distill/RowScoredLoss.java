package org.transferlab.experiments.distill;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * What the distillation losses share: each computes a score per example
 * ({@link #computeScoreArray}) and its gradient; the batch score is their sum or mean, and the
 * name is the loss's own description. Keeps {@link SoftTargetLoss}, {@link MultiTeacherLoss} and
 * {@link AttentionLoss} to their mathematics. An interface so that they can be records: their
 * settings are their components, which DL4J's Jackson writes into a network's configuration and
 * reads back through the canonical constructor.
 */
public sealed interface RowScoredLoss extends ILossFunction permits SoftTargetLoss, MultiTeacherLoss, AttentionLoss {

    @Override
    default double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum = computeScoreArray(labels, preOutput, activationFn, mask).sumNumber().doubleValue();
        return average ? sum / preOutput.size(0) : sum;
    }

    @Override
    default Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
            INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    default String name() {
        return toString();
    }

    /** {@code rows} (one per example) each multiplied in place by its example's mask value; as they are without a mask. */
    static INDArray masked(INDArray rows, INDArray mask) {
        return mask == null ? rows : rows.muliColumnVector(mask.reshape(rows.size(0), 1).castTo(rows.dataType()));
    }
}
