package org.transferlab.experiments.distill;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
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
public final class SoftTargetLoss extends RowScoredLoss {

    private final double temperature;
    private final double softWeight;
    private final double hardWeight;
    private final boolean pseudoLabels;

    /** Soft targets at {@code temperature}, as in Hinton et al. */
    public SoftTargetLoss(double temperature, double softWeight, double hardWeight) {
        this(temperature, softWeight, hardWeight, false);
    }

    /** @param pseudoLabels the teacher's term uses its argmax class instead of its softmax at T */
    @JsonCreator
    public SoftTargetLoss(@JsonProperty("temperature") double temperature,
            @JsonProperty("softWeight") double softWeight,
            @JsonProperty("hardWeight") double hardWeight,
            @JsonProperty("pseudoLabels") boolean pseudoLabels) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(softWeight >= 0) || !(hardWeight >= 0)) {
            throw new IllegalArgumentException("softWeight and hardWeight must be >= 0, got " + softWeight
                    + " and " + hardWeight);
        }
        this.temperature = temperature;
        this.softWeight = softWeight;
        this.hardWeight = hardWeight;
        this.pseudoLabels = pseudoLabels;
    }

    /** Labels {@code [y | teacherLogits]}: what this loss expects as the training labels. */
    public static INDArray pack(INDArray oneHot, INDArray teacherLogits) {
        if (oneHot.size(0) != teacherLogits.size(0) || oneHot.size(1) != teacherLogits.size(1)) {
            throw new IllegalArgumentException("labels " + oneHot.shapeInfoToString() + " and teacher logits "
                    + teacherLogits.shapeInfoToString() + " differ in shape");
        }
        return Nd4j.hstack(oneHot, teacherLogits.castTo(oneHot.dataType()));
    }

    @JsonProperty("temperature")
    public double temperature() {
        return temperature;
    }

    @JsonProperty("softWeight")
    public double softWeight() {
        return softWeight;
    }

    @JsonProperty("hardWeight")
    public double hardWeight() {
        return hardWeight;
    }

    @JsonProperty("pseudoLabels")
    public boolean pseudoLabels() {
        return pseudoLabels;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Packed packed = unpack(labels, preOutput, activationFn);
        INDArray y = packed.oneHot();
        INDArray v = packed.teacherLogits();
        INDArray hard = y.mul(logSoftmax(preOutput)).sum(1).negi().muli(hardWeight);
        INDArray soft = pseudoLabels
                ? argmaxOneHot(v).muli(logSoftmax(preOutput)).sum(1).negi().muli(softWeight)
                : softmax(v.div(temperature)).muli(logSoftmax(preOutput.div(temperature))).sum(1).negi()
                        .muli(softWeight * temperature * temperature);
        INDArray score = hard.addi(soft).reshape(preOutput.size(0), 1);
        return mask == null ? score : score.muli(mask.reshape(preOutput.size(0), 1).castTo(score.dataType()));
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        Packed packed = unpack(labels, preOutput, activationFn);
        INDArray y = packed.oneHot();
        INDArray v = packed.teacherLogits();
        INDArray hard = softmax(preOutput).subi(y).muli(hardWeight);
        INDArray soft = pseudoLabels
                ? softmax(preOutput).subi(argmaxOneHot(v)).muli(softWeight)
                : softmax(preOutput.div(temperature)).subi(softmax(v.div(temperature))).muli(softWeight * temperature);
        INDArray gradient = hard.addi(soft);
        return mask == null ? gradient
                : gradient.muliColumnVector(mask.reshape(preOutput.size(0), 1).castTo(gradient.dataType()));
    }


    @Override
    public String toString() {
        return (pseudoLabels ? "SoftTargetLoss(pseudo-labels" : "SoftTargetLoss(T=" + temperature)
                + ", softWeight=" + softWeight + ", hardWeight=" + hardWeight + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SoftTargetLoss other && other.temperature == temperature
                && other.softWeight == softWeight && other.hardWeight == hardWeight && other.pseudoLabels == pseudoLabels;
    }

    @Override
    public int hashCode() {
        return ((Double.hashCode(temperature) * 31 + Double.hashCode(softWeight)) * 31 + Double.hashCode(hardWeight)) * 31
                + Boolean.hashCode(pseudoLabels);
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

    private static INDArray logSoftmax(INDArray logits) {
        INDArray shifted = logits.subColumnVector(logits.max(true, 1));
        INDArray logSum = Transforms.log(Transforms.exp(shifted, true).sum(true, 1), false);
        return shifted.subiColumnVector(logSum);
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

    private static INDArray softmax(INDArray logits) {
        return Transforms.exp(logSoftmax(logits), false);
    }
}
