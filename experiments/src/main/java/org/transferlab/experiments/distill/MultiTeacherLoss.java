package org.transferlab.experiments.distill;

import java.util.Arrays;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The distillation loss of a student's own head taught by several teachers, each of which answers
 * all or only some of the student's classes. Teacher k answers the student's columns A_k
 * ({@code columns[k]}, in the order of its packed logits) and weighs {@code weights[k]} (softWeight
 * times its share). Labels are packed as {@code [y | v_1 | v_2 | ...]}: the one-hot class y over
 * the student's C classes, then each teacher's logits at its columns; see {@link #pack}.
 *
 * <p>Per example, with z the student's logits and softmax_A(x) the softmax over the columns A only:
 * L = hardWeight · CE(y, softmax(z)) + Σ_k weights[k] · T² · CE(softmax(v_k / T), softmax_{A_k}(z / T)).
 * A teacher that answers only some classes says how likely those are relative to each other, which is
 * what it knows; its term asks the student's distribution restricted to (and renormalised over) the
 * same classes to agree, the cross-entropy unification of heterogeneous classifiers of Vongkulbhisal,
 * Vinayavekhin and Visentini-Scarzanella, "Unifying Heterogeneous Classifiers with Distillation",
 * CVPR 2019. It asks nothing of how probable its classes are against the others, which a teacher
 * never saw. With one teacher over all C columns the loss is Hinton et al.'s ({@link SoftTargetLoss});
 * with several teachers over all C columns and weights summing to softWeight it is the soft-target
 * loss of their weighted mean of tempered probabilities, since CE is linear in its first argument.
 *
 * <p>Gradient with respect to z: hardWeight · (softmax(z) − y), plus for each teacher k, at its
 * columns only, weights[k] · T · (softmax_{A_k}(z / T) − softmax(v_k / T)). With
 * {@code pseudoLabels} a teacher's term is weights[k] · CE(onehot(argmax v_k), softmax_{A_k}(z)), no
 * temperature and no T². The network's own output stays softmax(z). A per-example mask multiplies
 * score and gradient.
 */
public record MultiTeacherLoss(
        @JsonProperty("temperature") double temperature,
        @JsonProperty("hardWeight") double hardWeight,
        @JsonProperty("pseudoLabels") boolean pseudoLabels,
        @JsonProperty("columns") int[][] columns,
        @JsonProperty("weights") double[] weights) implements RowScoredLoss {

    /**
     * @param columns for each teacher, the student's columns its logits answer, in its order
     * @param weights for each teacher, the weight of its term (softWeight times its share)
     */
    @JsonCreator
    public MultiTeacherLoss {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        if (!(hardWeight >= 0) || columns.length != weights.length) {
            throw new IllegalArgumentException("hardWeight must be >= 0 and every teacher needs a weight, got " + hardWeight
                    + " and " + columns.length + " teachers with " + weights.length + " weights");
        }
        for (int k = 0; k < columns.length; k++) {
            if (columns[k].length == 0 || !(weights[k] >= 0)) {
                throw new IllegalArgumentException("teacher " + k + " needs columns and a weight >= 0");
            }
        }
        columns = copy(columns);
        weights = weights.clone();
    }

    /** Labels {@code [y | v_1 | v_2 | ...]}: each teacher's logits already restricted to its columns. */
    public static INDArray pack(INDArray oneHot, INDArray... teacherLogits) {
        INDArray[] parts = new INDArray[teacherLogits.length + 1];
        parts[0] = oneHot;
        for (int k = 0; k < teacherLogits.length; k++) {
            parts[k + 1] = teacherLogits[k].castTo(oneHot.dataType());
        }
        return Nd4j.hstack(parts);
    }

    /** For each teacher, the student's columns its logits answer (a copy). */
    @Override
    public int[][] columns() {
        return copy(columns);
    }

    /** For each teacher, the weight of its term (a copy). */
    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireShapes(labels, preOutput, activationFn);
        int c = (int) preOutput.size(1);
        INDArray y = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c));
        INDArray score = y.mul(Softmax.log(preOutput)).sum(1).negi().muli(hardWeight);
        int offset = c;
        for (int k = 0; k < columns.length; k++) {
            INDArray v = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + columns[k].length));
            offset += columns[k].length;
            INDArray z = preOutput.getColumns(columns[k]);
            double t = pseudoLabels ? 1.0 : temperature;
            INDArray target = pseudoLabels ? Softmax.argmaxOneHot(v) : Softmax.of(v.div(t));
            score.addi(target.muli(Softmax.log(z.div(t))).sum(1).negi().muli(weights[k] * t * t));
        }
        return RowScoredLoss.masked(score.reshape(preOutput.size(0), 1), mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        requireShapes(labels, preOutput, activationFn);
        int c = (int) preOutput.size(1);
        INDArray y = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c));
        INDArray gradient = Softmax.of(preOutput).subi(y).muli(hardWeight);
        int offset = c;
        for (int k = 0; k < columns.length; k++) {
            INDArray v = labels.get(NDArrayIndex.all(), NDArrayIndex.interval(offset, offset + columns[k].length));
            offset += columns[k].length;
            double t = pseudoLabels ? 1.0 : temperature;
            INDArray target = pseudoLabels ? Softmax.argmaxOneHot(v) : Softmax.of(v.div(t));
            INDArray term = Softmax.of(preOutput.getColumns(columns[k]).div(t)).subi(target).muli(weights[k] * t);
            for (int j = 0; j < columns[k].length; j++) {
                gradient.get(NDArrayIndex.all(), NDArrayIndex.point(columns[k][j]))
                        .addi(term.get(NDArrayIndex.all(), NDArrayIndex.point(j)));
            }
        }
        return RowScoredLoss.masked(gradient, mask);
    }

    @Override
    public String toString() {
        return "MultiTeacherLoss(" + (pseudoLabels ? "pseudo-labels" : "T=" + temperature) + ", hardWeight=" + hardWeight
                + ", teachers=" + Arrays.deepToString(columns) + ", weights=" + Arrays.toString(weights) + ")";
    }

    /** Equal settings, the arrays compared by content (a record's own equals compares array references). */
    @Override
    public boolean equals(Object o) {
        return o instanceof MultiTeacherLoss other && other.temperature == temperature && other.hardWeight == hardWeight
                && other.pseudoLabels == pseudoLabels && Arrays.deepEquals(other.columns, columns)
                && Arrays.equals(other.weights, weights);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(new Object[] {temperature, hardWeight, pseudoLabels, columns, weights});
    }

    private void requireShapes(INDArray labels, INDArray preOutput, IActivation activationFn) {
        if (!(activationFn instanceof ActivationSoftmax)) {
            throw new IllegalStateException("MultiTeacherLoss reads the logits of a softmax output layer, not " + activationFn);
        }
        long width = preOutput.size(1) + Arrays.stream(columns).mapToLong(a -> a.length).sum();
        if (labels.size(1) != width || labels.size(0) != preOutput.size(0)) {
            throw new IllegalArgumentException("MultiTeacherLoss expects labels [y | teacher logits...] of width " + width
                    + " for " + preOutput.size(1) + " outputs, got " + labels.shapeInfoToString());
        }
    }

    private static int[][] copy(int[][] columns) {
        return Arrays.stream(columns).map(int[]::clone).toArray(int[][]::new);
    }
}
