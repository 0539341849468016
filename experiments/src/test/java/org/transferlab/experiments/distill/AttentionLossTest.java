package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.protocol.work.TrialConfig;

/**
 * The attention-transfer term: its map is the paper's, its gradient with respect to the student's
 * activations is exact (central differences in double precision, by hand and through DL4J's
 * {@link GradientCheckUtil} on a tiny graph with the term as an extra output), and the student is
 * published without it.
 */
class AttentionLossTest {

    private static final IActivation IDENTITY = new ActivationIdentity();

    @Test
    void the_map_is_the_normalised_sum_over_channels_of_powered_activations() {
        // one example, 2 channels of 1×2: A_0 = [1, -2], A_1 = [2, 0] -> Q = [1 + 4, 4 + 0] = [5, 4]
        INDArray a = Nd4j.createFromArray(new double[][] {{1, -2, 2, 0}});
        INDArray q = AttentionLoss.map(a, 2, 2.0);
        double norm = Math.sqrt(25 + 16);
        assertEquals(5 / norm, q.getDouble(0, 0), 1e-12);
        assertEquals(4 / norm, q.getDouble(0, 1), 1e-12);
        assertEquals(q, AttentionLoss.map(a.mul(7.5), 2, 2.0), "a map is blind to the activations' scale");
        assertEquals(0.0, new AttentionLoss(2, 1000, 2).computeScore(q, a.mul(3), IDENTITY, null, true), 1e-12,
                "no loss where the maps agree");
    }

    @Test
    void the_gradient_matches_central_differences_of_the_score() {
        for (double p : List.of(2.0, 3.0)) {
            Nd4j.getRandom().setSeed(11);
            int rows = 3;
            int channels = 4;
            int positions = 6;
            INDArray a = Nd4j.randn(DataType.DOUBLE, rows, channels * positions);
            INDArray target = AttentionLoss.map(Nd4j.randn(DataType.DOUBLE, rows, 5 * positions), 5, p);
            INDArray mask = Nd4j.createFromArray(new double[][] {{1}, {0.5}, {1}});
            AttentionLoss loss = new AttentionLoss(channels, 1000, p);
            INDArray analytic = loss.computeGradient(target, a, IDENTITY, mask);
            double h = 1e-6;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < channels * positions; j++) {
                    INDArray plus = a.dup();
                    plus.putScalar(i, j, a.getDouble(i, j) + h);
                    INDArray minus = a.dup();
                    minus.putScalar(i, j, a.getDouble(i, j) - h);
                    double numeric = (loss.computeScore(target, plus, IDENTITY, mask, false)
                            - loss.computeScore(target, minus, IDENTITY, mask, false)) / (2 * h);
                    assertEquals(numeric, analytic.getDouble(i, j), 1e-5 * Math.max(1, Math.abs(numeric)),
                            "p=" + p + " dL/dA[" + i + "," + j + "]");
                }
            }
        }
    }

    @Test
    void the_score_is_half_beta_times_the_mean_squared_difference_of_the_maps() {
        INDArray a = Nd4j.createFromArray(new double[][] {{3, 4}});  // one channel of 1×2: Q = [9, 16], q = [9, 16]/√337
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0}});
        double q0 = 9 / Math.sqrt(337);
        double q1 = 16 / Math.sqrt(337);
        double expected = 1000 / 2.0 * ((q0 - 1) * (q0 - 1) + q1 * q1) / 2;
        assertEquals(expected, new AttentionLoss(1, 1000, 2).computeScore(t, a, IDENTITY, null, true), 1e-9);
    }

    private static ComputationGraph tinyConvNet(long seed, int filters) {
        return new ComputationGraph(new NeuralNetConfiguration.Builder()
                .seed(seed).dataType(DataType.DOUBLE).updater(new NoOp()).weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(BodyLayers.INPUT)
                .addLayer("body-0", new ConvolutionLayer.Builder(3, 3).nOut(filters).convolutionMode(ConvolutionMode.Same)
                        .activation(Activation.TANH).build(), BodyLayers.INPUT)
                .addLayer("body-1", new ConvolutionLayer.Builder(3, 3).nOut(2).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.TANH).build(), "body-0")
                .addLayer(BodyLayers.HEAD, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(3)
                        .activation(Activation.SOFTMAX).build(), "body-1")
                .setOutputs(BodyLayers.HEAD)
                .setInputTypes(InputType.convolutionalFlat(6, 6, 1))
                .build());
    }

    @Test
    void dl4j_gradient_check_passes_on_a_student_with_attention_outputs_and_the_soft_target_head() {
        Nd4j.getRandom().setSeed(5);
        ComputationGraph teacher = tinyConvNet(2, 5);
        teacher.init();
        ComputationGraph plain = tinyConvNet(1, 3);
        plain.init();
        ComputationGraph student = StudentStage.withLoss(plain, new SoftTargetLoss(2.0, 0.7, 0.3));
        INDArray features = Nd4j.rand(DataType.DOUBLE, 4, 36);
        TrialConfig.Attention settings = new TrialConfig.Attention(List.of(new TrialConfig.VertexPair("body-0", "body-0"),
                new TrialConfig.VertexPair("body-1", "body-1")), 1000, 2);
        AttentionTransfer transfer = new AttentionTransfer(teacher, settings, features);
        // DL4J's transfer-learning builder makes the graph in the default precision; the check needs double
        ComputationGraph graph = transfer.withOutputs(student, features).convertDataType(DataType.DOUBLE);
        assertEquals(List.of(BodyLayers.HEAD, "attention-0", "attention-1"), graph.getConfiguration().getNetworkOutputs());

        INDArray oneHot = Nd4j.zeros(DataType.DOUBLE, 4, 3);
        for (int i = 0; i < 4; i++) {
            oneHot.putScalar(i, i % 3, 1.0);
        }
        MultiDataSet batch = transfer.targets(features, SoftTargetLoss.pack(oneHot, Nd4j.randn(DataType.DOUBLE, 4, 3)));
        graph.setLabels(batch.getLabels());
        graph.setInputs(batch.getFeatures());
        graph.computeGradientAndScore();
        double withTerms = graph.score();
        assertTrue(withTerms > 1.0, "the attention terms (β = 1000 on random maps) dominate the score: " + withTerms);

        DataType before = Nd4j.dataType();
        DataType floating = Nd4j.defaultFloatingPointType();
        boolean passed;
        try {
            Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
            passed = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(graph)
                    .inputs(batch.getFeatures()).labels(batch.getLabels())
                    .epsilon(1e-6).maxRelError(1e-3).minAbsoluteError(1e-8).exitOnFirstError(false));
        } finally {
            Nd4j.setDefaultDataTypes(before, floating);
        }
        assertTrue(passed, "analytic and numeric gradients of every parameter agree");

        ComputationGraph published = AttentionTransfer.studentOnly(graph);
        assertEquals(List.of(BodyLayers.HEAD), published.getConfiguration().getNetworkOutputs());
        assertEquals(graph.params().castTo(DataType.FLOAT), published.params().castTo(DataType.FLOAT),
                "the same weights, without the extra outputs");
    }

    @Test
    void a_checkpoint_of_a_student_with_attention_outputs_restores_its_loss_and_weights(@TempDir Path dir) throws Exception {
        ComputationGraph teacher = tinyConvNet(2, 5);
        teacher.init();
        ComputationGraph student = tinyConvNet(1, 3);
        student.init();
        INDArray features = Nd4j.rand(DataType.DOUBLE, 2, 36);
        ComputationGraph graph = new AttentionTransfer(teacher, new TrialConfig.Attention(
                List.of(new TrialConfig.VertexPair("body-1", "body-1")), 500, 2), features).withOutputs(student, features);
        Path file = dir.resolve("attention-student.zip");
        Checkpoints.save(graph, file);
        ComputationGraph restored = Checkpoints.load(file);
        assertEquals(new AttentionLoss(2, 500, 2), ((LossLayer) BodyLayers.layer(restored, "attention-0")).getLossFn(),
                "a resumed student keeps training with its attention terms");
        assertEquals(graph.params(), restored.params());
    }

    @Test
    void pairs_whose_maps_differ_in_size_or_name_no_vertex_are_refused_naming_them() {
        ComputationGraph teacher = tinyConvNet(2, 5);
        teacher.init();
        ComputationGraph student = tinyConvNet(1, 3);
        student.init();
        INDArray features = Nd4j.rand(DataType.DOUBLE, 2, 36);
        AttentionTransfer mismatched = new AttentionTransfer(teacher, new TrialConfig.Attention(
                List.of(new TrialConfig.VertexPair("body-0", "body-1")), 1000, 2), features);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> mismatched.withOutputs(student, features));
        assertTrue(e.getMessage().contains("6×6") && e.getMessage().contains("4×4"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> new AttentionTransfer(teacher,
                new TrialConfig.Attention(List.of(new TrialConfig.VertexPair("body-0", "conv9")), 1000, 2), features));
        assertTrue(missing.getMessage().contains("'conv9'"), missing.getMessage());
    }
}
