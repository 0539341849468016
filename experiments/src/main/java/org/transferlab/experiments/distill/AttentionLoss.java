package org.transferlab.experiments.distill;

import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The attention-transfer term for one pair of layers, as the loss of a {@code LossLayer} that reads
 * the student layer's activations A (C channels of H×W, flattened channel by channel to
 * {@code [n, C·H·W]}); its labels are the teacher layer's normalised attention map ({@link #map},
 * {@code [n, H·W]}).
 *
 * <p>Zagoruyko and Komodakis, "Paying More Attention to Attention" (ICLR 2017), eq. 2: the map is
 * Q = Σ_c |A_c|^p, flattened, and the term is β/2 · ‖Q_S/‖Q_S‖₂ − Q_T/‖Q_T‖₂‖. Its weight
 * β = 1000 belongs to the authors' code (github.com/szagoruyko/attention-transfer, {@code at_loss}),
 * which takes the <em>mean of the squared</em> differences over positions and examples; so does this
 * loss, per example: β/2 · (1/HW) · Σ_j (q_j − t_j)², q = Q/‖Q‖₂ (a norm below 1e-12 counts as
 * 1e-12, as {@code F.normalize} clamps it). The gradient, exact (checked against central differences in
 * the tests): with g = β/HW · (q − t), ∂L/∂Q = (g − q (q·g)) / ‖Q‖, and
 * ∂L/∂A_cj = p |A_cj|^(p−1) sign(A_cj) · ∂L/∂Q_j. A per-example mask multiplies score and gradient.
 */
public record AttentionLoss(
        @JsonProperty("channels") int channels,
        @JsonProperty("beta") double beta,
        @JsonProperty("power") double power) implements RowScoredLoss {

    private static final double EPSILON = 1e-12;

    @JsonCreator
    public AttentionLoss {
        if (channels < 1 || !(beta >= 0) || !(power >= 1)) {
            throw new IllegalArgumentException("attention loss needs channels >= 1, beta >= 0 and power >= 1, got " + channels
                    + ", " + beta + ", " + power);
        }
    }

    /**
     * The normalised attention map q = Q/‖Q‖₂, Q = Σ_c |A_c|^p, of activations {@code [n, C, H, W]} or
     * {@code [n, C·H·W]} with {@code channels} channels: {@code [n, H·W]}.
     */
    public static INDArray map(INDArray activations, int channels, double power) {
        return normalised(raw(activations, channels, power));
    }

    private static INDArray raw(INDArray activations, int channels, double power) {
        long n = activations.size(0);
        INDArray perChannel = activations.reshape('c', n, channels, activations.length() / n / channels);
        return Transforms.pow(Transforms.abs(perChannel, true), power, false).sum(1);
    }

    private static INDArray normalised(INDArray q) {
        return q.divColumnVector(norms(q));
    }

    private static INDArray norms(INDArray q) {
        return Transforms.max(q.norm2(true, 1), EPSILON, false);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray activations = activationFn.getActivation(preOutput.dup(), true);
        INDArray q = map(activations, channels, power);
        requireShape(labels, q);
        INDArray diff = q.subi(labels.castTo(q.dataType()));
        INDArray score = diff.muli(diff).sum(true, 1).muli(beta / 2.0 / diff.size(1));
        return RowScoredLoss.masked(score, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray activations = activationFn.getActivation(preOutput.dup(), true);
        long n = activations.size(0);
        INDArray raw = raw(activations, channels, power);
        INDArray norm = norms(raw);
        INDArray q = raw.divColumnVector(norm);
        requireShape(labels, q);
        long positions = q.size(1);
        INDArray g = q.sub(labels.castTo(q.dataType())).muli(beta / positions);
        INDArray dq = g.sub(q.mulColumnVector(q.mul(g).sum(true, 1))).diviColumnVector(norm);
        INDArray perChannel = activations.reshape('c', n, channels, positions);
        INDArray slope = Transforms.pow(Transforms.abs(perChannel, true), power - 1, false)
                .muli(Transforms.sign(perChannel, true)).muli(power);
        INDArray dActivations = slope.muli(dq.reshape('c', n, 1, positions)).reshape('c', n, channels * positions);
        INDArray gradient = activationFn.backprop(preOutput.dup(), dActivations).getFirst();
        return RowScoredLoss.masked(gradient, mask);
    }

    private static void requireShape(INDArray labels, INDArray map) {
        if (labels.size(0) != map.size(0) || labels.size(1) != map.size(1)) {
            throw new IllegalArgumentException("attention labels " + labels.shapeInfoToString() + " do not match the student's map "
                    + map.shapeInfoToString() + ": the paired layers' maps differ in size");
        }
    }

    @Override
    public String toString() {
        return "AttentionLoss(channels=" + channels + ", beta=" + beta + ", p=" + power + ")";
    }
}
