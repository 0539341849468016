package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.protocol.spec.ModelSpec;

class SoftTargetLossTest {

    private static final ActivationSoftmax SOFTMAX = new ActivationSoftmax();

    private static INDArray oneHot(int rows, int classes) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.putScalar(i, (i * 7 + 3) % classes, 1.0);
        }
        return y;
    }

    @Test
    void gradient_matches_central_finite_differences_of_the_score() {
        Nd4j.getRandom().setSeed(3);
        int rows = 4;
        int classes = 5;
        INDArray labels = SoftTargetLoss.pack(oneHot(rows, classes), Nd4j.randn(DataType.DOUBLE, rows, classes).muli(3));
        INDArray z = Nd4j.randn(DataType.DOUBLE, rows, classes).muli(2);
        SoftTargetLoss loss = new SoftTargetLoss(3.0, 0.7, 0.3);

        INDArray analytic = loss.computeGradient(labels, z, SOFTMAX, null);

        double h = 1e-6;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                INDArray plus = z.dup();
                plus.putScalar(i, j, z.getDouble(i, j) + h);
                INDArray minus = z.dup();
                minus.putScalar(i, j, z.getDouble(i, j) - h);
                double numeric = (loss.computeScore(labels, plus, SOFTMAX, null, false)
                        - loss.computeScore(labels, minus, SOFTMAX, null, false)) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i, j), 1e-6, "dL/dz[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void pseudo_label_distillation_is_cross_entropy_on_the_teachers_argmax_at_every_temperature() {
        Nd4j.getRandom().setSeed(8);
        int rows = 6;
        int classes = 4;
        INDArray y = oneHot(rows, classes);
        INDArray v = Nd4j.randn(DataType.DOUBLE, rows, classes).muli(3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, rows, classes);
        INDArray labels = SoftTargetLoss.pack(y, v);
        INDArray teacherClass = Softmax.argmaxOneHot(v);
        LossMCXENT crossEntropy = new LossMCXENT();
        SoftTargetLoss atOne = new SoftTargetLoss(1.0, 0.7, 0.3, true);
        SoftTargetLoss atTwenty = new SoftTargetLoss(20.0, 0.7, 0.3, true);

        double expected = 0.7 * crossEntropy.computeScore(teacherClass, z, new ActivationSoftmax(), null, false)
                + 0.3 * crossEntropy.computeScore(y, z, new ActivationSoftmax(), null, false);
        assertEquals(expected, atOne.computeScore(labels, z, SOFTMAX, null, false), 1e-9,
                "softWeight · CE(argmax v) + hardWeight · CE(y), no T² anywhere");
        assertEquals(atOne.computeScore(labels, z, SOFTMAX, null, false),
                atTwenty.computeScore(labels, z, SOFTMAX, null, false), 1e-12, "the temperature plays no part");
        assertEquals(atOne.computeGradient(labels, z, SOFTMAX, null), atTwenty.computeGradient(labels, z, SOFTMAX, null));

        INDArray analytic = atOne.computeGradient(labels, z, SOFTMAX, null);
        double h = 1e-6;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < classes; j++) {
                INDArray plus = z.dup();
                plus.putScalar(i, j, z.getDouble(i, j) + h);
                INDArray minus = z.dup();
                minus.putScalar(i, j, z.getDouble(i, j) - h);
                double numeric = (atOne.computeScore(labels, plus, SOFTMAX, null, false)
                        - atOne.computeScore(labels, minus, SOFTMAX, null, false)) / (2 * h);
                assertEquals(numeric, analytic.getDouble(i, j), 1e-6, "dL/dz[" + i + "," + j + "]");
            }
        }
    }

    @Test
    void soft_targets_scale_the_teachers_term_by_t_squared_but_not_the_true_labels_term() {
        Nd4j.getRandom().setSeed(9);
        INDArray y = oneHot(5, 3);
        INDArray v = Nd4j.randn(DataType.DOUBLE, 5, 3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 5, 3);
        INDArray labels = SoftTargetLoss.pack(y, v);
        double hardOnly = new SoftTargetLoss(5.0, 0.0, 1.0).computeScore(labels, z, SOFTMAX, null, false);

        assertEquals(new SoftTargetLoss(1.0, 0.0, 1.0).computeScore(labels, z, SOFTMAX, null, false), hardOnly, 1e-12);
        double softAtFive = new SoftTargetLoss(5.0, 1.0, 0.0).computeScore(labels, z, SOFTMAX, null, false);
        INDArray teacherAtFive = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax(v.div(5.0)))[0];
        double plain = new LossMCXENT().computeScore(teacherAtFive, z.div(5.0), new ActivationSoftmax(), null, false);
        assertEquals(25 * plain, softAtFive, 1e-9);
    }

    @Test
    void with_soft_weight_zero_it_is_plain_cross_entropy() {
        Nd4j.getRandom().setSeed(5);
        INDArray y = oneHot(6, 3);
        INDArray z = Nd4j.randn(DataType.DOUBLE, 6, 3);
        INDArray labels = SoftTargetLoss.pack(y, Nd4j.randn(DataType.DOUBLE, 6, 3));
        SoftTargetLoss loss = new SoftTargetLoss(4.0, 0.0, 1.0);
        LossMCXENT crossEntropy = new LossMCXENT();

        assertEquals(crossEntropy.computeScore(y, z, new ActivationSoftmax(), null, true),
                loss.computeScore(labels, z, SOFTMAX, null, true), 1e-9);
        assertEquals(crossEntropy.computeGradient(y, z, new ActivationSoftmax(), null),
                loss.computeGradient(labels, z, SOFTMAX, null));
    }

    @Test
    void matching_the_teacher_exactly_leaves_no_soft_gradient() {
        INDArray z = Nd4j.randn(DataType.DOUBLE, 3, 4);
        INDArray labels = SoftTargetLoss.pack(oneHot(3, 4), z.add(2.5));
        INDArray gradient = new SoftTargetLoss(8.0, 1.0, 0.0).computeGradient(labels, z, SOFTMAX, null);
        assertEquals(0.0, gradient.norm2Number().doubleValue(), 1e-12);
    }

    @Test
    void labels_without_teacher_logits_or_a_non_softmax_layer_are_rejected() {
        INDArray z = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        SoftTargetLoss loss = new SoftTargetLoss(2.0, 0.5, 0.5);
        assertThrows(IllegalArgumentException.class, () -> loss.computeGradient(oneHot(2, 3), z, SOFTMAX, null));
        assertThrows(IllegalStateException.class, () -> loss.computeGradient(
                SoftTargetLoss.pack(oneHot(2, 3), z), z, new ActivationIdentity(), null));
    }

    @Test
    void a_student_with_the_loss_trains_and_survives_a_checkpoint_round_trip(@TempDir Path dir) throws Exception {
        ComputationGraph baseline = MlpNetwork.build(new ModelSpec("mlp", List.of(5), List.of(), "relu", 0.0), 4, 3,
                1e-2, 9);
        ComputationGraph teacher = MlpNetwork.build(new ModelSpec("mlp", List.of(6), List.of(), "relu", 0.0), 4, 3,
                1e-2, 10);
        SoftTargetLoss loss = new SoftTargetLoss(2.0, 0.9, 0.1);
        ComputationGraph student = StudentStage.withLoss(baseline, loss);
        assertEquals(baseline.params(), student.params(), "same initial weights as the from-scratch baseline");

        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 9, 4);
        INDArray y = oneHot(9, 3).castTo(DataType.FLOAT);
        DataSet packed = new DataSet(x, SoftTargetLoss.pack(y, DistillData.logits(teacher, x)));
        student.fit(packed);
        double before = student.score(packed);
        for (int i = 0; i < 30; i++) {
            student.fit(packed);
        }
        assertTrue(student.score(packed) < before, "distillation loss must fall: " + before + " → " + student.score(packed));

        Path file = dir.resolve("student.zip");
        Checkpoints.save(student, file);
        ComputationGraph restored = Checkpoints.load(file);
        assertEquals(loss, ((BaseOutputLayer) BodyLayers.layer(restored, BodyLayers.HEAD)).getLossFn());
        assertEquals(student.params(), restored.params());
    }

    @Test
    void teacher_logits_are_what_the_softmax_output_is_made_of() {
        ComputationGraph teacher = MlpNetwork.build(new ModelSpec("mlp", List.of(6, 5), List.of(), "relu", 0.3), 4, 3,
                1e-2, 10);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        INDArray logits = DistillData.logits(teacher, x);
        INDArray softmax = Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax(logits.dup()))[0];
        assertTrue(softmax.equalsWithEps(teacher.outputSingle(false, x), 1e-5), softmax + " vs " + teacher.outputSingle(false, x));
    }
}
