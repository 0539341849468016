package org.transferlab.experiments.distill;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The distillation loss for a softmax output layer. Labels are packed as {@code [y | v]}: the
 * one-hot class y (C columns) followed by the frozen teacher's logits v (C columns); see
 * {@link #pack}. The layer's pre-activation z is the student's logits.
 *
 * <p>Per example, following Hinton, Vinyals and Dean, "Distilling the Knowledge in a Neural
 * Network" (2015), §2:
 * L = softWeight · T² · CE(softmax(v/T), softmax(z/T)) + hardWeight · CE(y, softmax(z)),
 * with CE(p, q) = −Σ p log q; the T² keeps the soft term's gradient, softWeight · T · (softmax(z/T)
 * − softmax(v/T)), on the same scale as the hard term's, hardWeight · (softmax(z) − y), as T changes.
 *
 * <p>With {@code pseudoLabels} (hard-label distillation) the teacher's term is
 * softWeight · CE(onehot(argmax v), softmax(z)) instead: the teacher's most probable class is a
 * label like y, no temperature and so no T², gradient softWeight · (softmax(z) − onehot(argmax v)).
 *
 * <p>An unlabelled transfer set packs y = 0 and must have hardWeight = 0 (the hard term's gradient
 * assumes y sums to 1). The network's own output stays softmax(z), i.e. evaluation at T = 1. A
 * per-example mask (column vector) multiplies both the score and the gradient.
 */
public record SoftTargetLoss(
        @JsonProperty("temperature") double temperature,
        @JsonProperty("softWeight") double softWeight,
        @JsonProperty("hardWeight") double hardWeight,
        @JsonProperty("pseudoLabels") boolean pseudoLabels) implements RowScoredLoss {

    /** @param pseudoLabels the teacher's term uses its argmax class instead of its softmax at T */
    @JsonCreator
    public SoftTargetLoss {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(softWeight >= 0) || !(hardWeight >= 0)) {
            throw new IllegalArgumentException("softWeight and hardWeight must be >= 0, got " + softWeight
                    + " and " + hardWeight);
        }
    }

    /** Soft targets at {@code temperature}, as in Hinton et al. */
    public SoftTargetLoss(double temperature, double softWeight, double hardWeight) {
        this(temperature, softWeight, hardWeight, false);
    }

    /** Labels {@code [y | teacherLogits]}: what this loss expects as the training labels. */
    public static INDArray pack(INDArray oneHot, INDArray teacherLogits) {
        if (oneHot.size(0) != teacherLogits.size(0) || oneHot.size(1) != teacherLogits.size(1)) {
            throw new IllegalArgumentException("labels " + oneHot.shapeInfoToString() + " and teacher logits "
                    + teacherLogits.shapeInfoToString() + " differ in shape");
        }
        return Nd4j.hstack(oneHot, teacherLogits.castTo(oneHot.dataType()));
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Packed packed = unpack(labels, preOutput, activationFn);
        INDArray y = packed.oneHot();
        INDArray v = packed.teacherLogits();
        INDArray hard = y.mul(Softmax.log(preOutput)).sum(1).negi().muli(hardWeight);
        INDArray soft = pseudoLabels
                ? Softmax.argmaxOneHot(v).muli(Softmax.log(preOutput)).sum(1).negi().muli(softWeight)
                : Softmax.of(v.div(temperature)).muli(Softmax.log(preOutput.div(temperature))).sum(1).negi()
                        .muli(softWeight * temperature * temperature);
        return RowScoredLoss.masked(hard.addi(soft).reshape(preOutput.size(0), 1), mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Packed packed = unpack(labels, preOutput, activationFn);
        INDArray y = packed.oneHot();
        INDArray v = packed.teacherLogits();
        INDArray hard = Softmax.of(preOutput).subi(y).muli(hardWeight);
        INDArray soft = pseudoLabels
                ? Softmax.of(preOutput).subi(Softmax.argmaxOneHot(v)).muli(softWeight)
                : Softmax.of(preOutput.div(temperature)).subi(Softmax.of(v.div(temperature))).muli(softWeight * temperature);
        return RowScoredLoss.masked(hard.addi(soft), mask);
    }

    @Override
    public String toString() {
        return (pseudoLabels ? "SoftTargetLoss(pseudo-labels" : "SoftTargetLoss(T=" + temperature)
                + ", softWeight=" + softWeight + ", hardWeight=" + hardWeight + ")";
    }

    /** The two halves of the packed labels. */
    private record Packed(INDArray oneHot, INDArray teacherLogits) {}

    private static Packed unpack(INDArray labels, INDArray preOutput, IActivation activationFn) {
        requireSoftmax(activationFn);
        int classes = classes(labels, preOutput);
        return new Packed(labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, classes)),
                labels.get(NDArrayIndex.all(), NDArrayIndex.interval(classes, 2 * classes)));
    }

    private static int classes(INDArray labels, INDArray preOutput) {
        long c = preOutput.size(1);
        if (labels.size(1) != 2 * c || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("SoftTargetLoss expects labels [y | teacher logits] of width " + 2 * c
                    + " for " + c + " outputs, got " + labels.shapeInfoToString());
        }
        return (int) c;
    }

    private static void requireSoftmax(IActivation activationFn) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalStateException("SoftTargetLoss reads the logits of a softmax output layer, not "
                    + activationFn);
        }
    }
}
