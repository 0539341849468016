package org.transferlab.experiments.distill;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The softmax arithmetic of the soft-target losses ({@link SoftTargetLoss}, {@link MultiTeacherLoss}),
 * row by row over logits {@code [n, C]}: written once, with the log-sum-exp shifted by each row's
 * largest logit so that large logits do not overflow.
 */
final class Softmax {

    private Softmax() {}

    /** log softmax of each row. */
    static INDArray log(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
    }

    /** softmax of each row. */
    static INDArray of(INDArray logits) {
        return Transforms.exp(log(logits), false);
    }

    /** One-hot rows of each row's largest logit (the first of ties). */
    static INDArray argmaxOneHot(INDArray logits) {
        INDArray oneHot = Nd4j.zeros(logits.dataType(), logits.size(0), logits.size(1));
        INDArray argmax = logits.argMax(1);
        for (long row = 0; row < logits.size(0); row++) {
            oneHot.putScalar(row, argmax.getLong(row), 1.0);
        }
        return oneHot;
    }
}
