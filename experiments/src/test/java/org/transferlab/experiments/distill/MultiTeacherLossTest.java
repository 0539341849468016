package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The loss of a student taught by several teachers over all or some of its classes, against hand values and finite differences. */
class MultiTeacherLossTest {

    private static final ActivationSoftmax SOFTMAX = new ActivationSoftmax();

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7 + 3) % classes, 1.0);
        }
        return y;
    }

    private static void assertGradientIsTheScoresSlope(MultiTeacherLoss loss, INDArray labels, INDArray z, INDArray mask) {
        INDArray analytic = loss.computeGradient(labels, z, SOFTMAX, mask);
        double h = 1e-6;
        for (int i = 0; i < z.size(0); i++) {
            for (int j = 0; j < z.size(1); j++) {
                INDArray plus = z.dup();
                plus.putScalar(i, j, z.getDouble(i, j) + h);
                INDArray minus = z.dup();
                minus.putScalar(i, j, z.getDouble(i, j) - h);
                double numeric = (loss.computeScore(labels, plus, SOFTMAX, mask, false)
                        - loss.computeScore(labels, minus, SOFTMAX, mask, false)) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i, j), 1e-6, "dL/dz[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void a_teacher_of_some_classes_pulls_only_the_students_distribution_over_them_as_computed_by_hand() {
        // student logits [0, ln 3, 5]; a teacher of columns 0 and 1 with equal logits, T = 1, no hard term:
        // the student's distribution over {0, 1} is [1/4, 3/4], the teacher's [1/2, 1/2]
        INDArray z = Nd4j.createFromArray(new double[][] {{0, Math.log(3), 5}});
        MultiTeacherLoss loss = new MultiTeacherLoss(1.0, 0.0, false, new int[][] {{0, 1}}, new double[] {1.0});
        INDArray labels = MultiTeacherLoss.pack(Nd4j.zeros(DataType.DOUBLE, 1, 3), Nd4j.zeros(DataType.DOUBLE, 1, 2));
        assertEquals(-(0.5 * Math.log(0.25) + 0.5 * Math.log(0.75)), loss.computeScore(labels, z, SOFTMAX, null, false), 1e-12);
        assertArrayEquals(new double[] {-0.25, 0.25, 0.0}, loss.computeGradient(labels, z, SOFTMAX, null).ravel().toDoubleVector(), 1e-12,
                "nothing about class 2, which the teacher never saw");
    }

    @Test
    void gradient_matches_central_finite_differences_with_whole_and_partial_teachers_and_a_mask() {
        Nd4j.getRandom().setSeed(11);
        int rows = 5;
        int classes = 6;
        int[][] columns = {{0, 1, 2, 3, 4, 5}, {4, 1}, {0, 2, 5}};
        INDArray labels = MultiTeacherLoss.pack(oneHot(rows, classes), Nd4j.randn(DataType.DOUBLE, rows, 6).muli(3),
                Nd4j.randn(DataType.DOUBLE, rows, 2).muli(3), Nd4j.randn(DataType.DOUBLE, rows, 3).muli(3));
        INDArray z = Nd4j.randn(DataType.DOUBLE, rows, classes).muli(2);
        INDArray mask = Nd4j.createFromArray(new double[] {1, 0, 1, 1, 0.5}).reshape(rows, 1);
        assertGradientIsTheScoresSlope(new MultiTeacherLoss(2.5, 0.2, false, columns, new double[] {0.3, 0.4, 0.1}), labels, z, null);
        assertGradientIsTheScoresSlope(new MultiTeacherLoss(4.0, 0.1, false, columns, new double[] {0.5, 0.2, 0.2}), labels, z, mask);
        assertGradientIsTheScoresSlope(new MultiTeacherLoss(4.0, 0.3, true, columns, new double[] {0.2, 0.2, 0.3}), labels, z, null);
    }

    @Test
    void one_teacher_of_every_class_is_hintons_soft_target_loss() {
        Nd4j.getRandom().setSeed(5);
        INDArray y = oneHot(4, 5);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 4, 5).muli(3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 4, 5);
        SoftTargetLoss hinton = new SoftTargetLoss(3.0, 0.9, 0.1);
        MultiTeacherLoss one = new MultiTeacherLoss(3.0, 0.1, false, new int[][] {{0, 1, 2, 3, 4}}, new double[] {0.9});
        INDArray hintonLabels = SoftTargetLoss.pack(y, v);
        INDArray labels = MultiTeacherLoss.pack(y, v);
        assertEquals(hinton.computeScore(hintonLabels, z, SOFTMAX, null, false), one.computeScore(labels, z, SOFTMAX, null, false), 1e-9);
        assertArrayEquals(hinton.computeGradient(hintonLabels, z, SOFTMAX, null).ravel().toDoubleVector(),
                one.computeGradient(labels, z, SOFTMAX, null).ravel().toDoubleVector(), 1e-9);
    }

    @Test
    void teachers_of_the_students_classes_teach_the_weighted_mean_of_their_tempered_probabilities() {
        Nd4j.getRandom().setSeed(7);
        double t = 4.0;
        INDArray y = oneHot(3, 4);
        INDArray v1 = Nd4j.randn(DataType.DOUBLE, 3, 4).muli(3);
        INDArray v2 = Nd4j.randn(DataType.DOUBLE, 3, 4).muli(3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 3, 4);
        // softWeight 0.9 split 1:2 between the teachers
        MultiTeacherLoss two = new MultiTeacherLoss(t, 0.1, false, new int[][] {{0, 1, 2, 3}, {0, 1, 2, 3}}, new double[] {0.3, 0.6});
        INDArray mean = Transforms.softmax(v1.div(t)).muli(1.0 / 3).addi(Transforms.softmax(v2.div(t)).muli(2.0 / 3));
        // logits whose softmax at T is the mean: T · log(mean)
        SoftTargetLoss ofTheMean = new SoftTargetLoss(t, 0.9, 0.1);
        INDArray meanLabels = SoftTargetLoss.pack(y, Transforms.log(mean, true).muli(t));
        INDArray labels = MultiTeacherLoss.pack(y, v1, v2);
        assertEquals(ofTheMean.computeScore(meanLabels, z, SOFTMAX, null, false), two.computeScore(labels, z, SOFTMAX, null, false), 1e-9);
        assertArrayEquals(ofTheMean.computeGradient(meanLabels, z, SOFTMAX, null).ravel().toDoubleVector(),
                two.computeGradient(labels, z, SOFTMAX, null).ravel().toDoubleVector(), 1e-9);
    }
}
