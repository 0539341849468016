package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.gtl.GuideMatrix.Distance;
import org.transferlab.experiments.gtl.GuideMatrix.Normalisation;
import org.transferlab.protocol.spec.GtlSpec.Mode;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.transfer.FineTuneNetwork;
import org.transferlab.protocol.work.TrialConfig.Optimizer;
import org.transferlab.protocol.spec.ModelSpec;

/** Guided updates on a tiny seeded 4-3-2 network, in the style of DL4J's FrozenLayerTest. */
class GuidedUpdatesTest {

    private static MultiLayerNetwork network(IUpdater updater) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(7)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.TANH).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        return net;
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 8, 2);
        for (int i = 0; i < 8; i++) {
            y.putScalar(i, i % 2, 1);
        }
        return new DataSet(x, y);
    }

    /** A guide whose normalised values are exactly {@code w} and {@code b} (each a 0/1 pattern or constant). */
    private static GuideMatrix guide(float[][] w, float[] b, double scale) {
        return guide("0", w, b, scale);
    }

    /** The same for the layer named {@code layer} ({@code 0} in a layer list, a vertex name in a graph). */
    private static GuideMatrix guide(String layer, float[][] w, float[] b, double scale) {
        Map<String, INDArray> zero = new LinkedHashMap<>();
        zero.put(layer + "_W", Nd4j.zeros(DataType.FLOAT, 4, 3));
        zero.put(layer + "_b", Nd4j.zeros(DataType.FLOAT, 3));
        Map<String, INDArray> scout = new LinkedHashMap<>();
        scout.put(layer + "_W", Nd4j.create(w));
        scout.put(layer + "_b", Nd4j.create(b));
        return GuideMatrix.fromScouts(zero, List.of(scout), Distance.ABSOLUTE, Normalisation.TENSOR, scale, 0);
    }

    private static final float[][] W_PATTERN = {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {0, 0, 1}};
    private static final float[] B_PATTERN = {1, 0, 1};

    @ParameterizedTest
    @EnumSource(Mode.class)
    void zero_guide_parameters_stay_untouched_while_the_others_move_with_sgd_and_adam(Mode mode) {
        for (IUpdater updater : List.<IUpdater>of(new Sgd(0.5), new Adam(0.05))) {
            MultiLayerNetwork net = network(updater);
            INDArray w0 = net.getParam("0_W").dup();
            INDArray b0 = net.getParam("0_b").dup();
            INDArray head0 = net.getParam("1_W").dup();
            net.addListeners(new GuidedUpdates(net, guide(W_PATTERN, B_PATTERN, 1), mode));

            DataSet data = data();
            for (int i = 0; i < 5; i++) {
                net.fit(data);
            }

            INDArray w = net.getParam("0_W");
            INDArray b = net.getParam("0_b");
            String what = mode + " with " + updater.getClass().getSimpleName();
            for (int r = 0; r < 4; r++) {
                for (int c = 0; c < 3; c++) {
                    if (W_PATTERN[r][c] == 0) {
                        assertEquals(w0.getFloat(r, c), w.getFloat(r, c), 0f, what + ": W[" + r + "," + c + "] moved");
                    } else {
                        assertNotEquals(w0.getFloat(r, c), w.getFloat(r, c), what + ": W[" + r + "," + c + "] stuck");
                    }
                }
            }
            assertEquals(b0.getFloat(1), b.getFloat(1), 0f, what + ": guided-off bias moved");
            assertNotEquals(b0.getFloat(0), b.getFloat(0), what);
            assertNotEquals(head0, net.getParam("1_W"), what + ": the unguided head must train");
        }
    }

    /** θ_guided − θ0 against θ_plain − θ0 after one step from the same start. */
    private static void assertStepRatio(IUpdater updater, Mode mode, double expectedRatio, double tolerance) {
        float[][] ones = {{1, 1, 1}, {1, 1, 1}, {1, 1, 1}, {1, 1, 1}};
        MultiLayerNetwork plain = network(updater);
        MultiLayerNetwork guided = network(updater);
        INDArray start = plain.getParam("0_W").dup();
        guided.addListeners(new GuidedUpdates(guided, guide(ones, new float[] {1, 1, 1}, 0.5), mode));

        plain.fit(data());
        guided.fit(data());

        INDArray plainStep = plain.getParam("0_W").sub(start);
        INDArray guidedStep = guided.getParam("0_W").sub(start);
        INDArray ratio = guidedStep.div(plainStep);
        assertEquals(expectedRatio, ratio.minNumber().doubleValue(), tolerance, mode + " " + ratio);
        assertEquals(expectedRatio, ratio.maxNumber().doubleValue(), tolerance, mode + " " + ratio);
        assertEquals(plain.getParam("1_W"), guided.getParam("1_W"), "one step of the head is unguided in both");
    }

    @Test
    void gradient_mode_halves_an_sgd_step_for_guide_one_half() {
        assertStepRatio(new Sgd(0.5), Mode.GRADIENT, 0.5, 1e-4);
    }

    @Test
    void update_mode_halves_an_adam_step_for_guide_one_half() {
        assertStepRatio(new Adam(0.05), Mode.UPDATE, 0.5, 1e-4);
    }

    @Test
    void adam_is_nearly_blind_to_a_constant_gradient_scale_which_is_why_update_mode_exists() {
        assertStepRatio(new Adam(0.05), Mode.GRADIENT, 1.0, 1e-2);
    }

    @Test
    void a_guide_that_does_not_fit_the_network_is_rejected() {
        Map<String, INDArray> zero = Map.of("0_W", Nd4j.zeros(DataType.FLOAT, 5, 3));
        Map<String, INDArray> scout = Map.of("0_W", Nd4j.ones(DataType.FLOAT, 5, 3));
        GuideMatrix wrong = GuideMatrix.fromScouts(zero, List.of(scout), Distance.ABSOLUTE, Normalisation.TENSOR, 1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GuidedUpdates(network(new Sgd(0.1)), wrong, Mode.GRADIENT));
        assertTrue(e.getMessage().contains("0_W [5, 3]"), e.getMessage());
    }

    @Test
    void on_a_graph_the_guide_finds_the_body_parameters_by_vertex_name_and_leaves_the_head_unguided() {
        ComputationGraph graph = MlpNetwork.build(new ModelSpec("mlp", List.of(3), List.of(), "tanh", 0.0), 4, 2, 0.05, 7);
        assertEquals(List.of("body-0_W", "body-0_b"), List.copyOf(GuideMatrix.bodyParameters(graph).keySet()));
        GuideMatrix guide = guide("body-0", W_PATTERN, B_PATTERN, 1);
        INDArray w0 = graph.getParam("body-0_W").dup();
        INDArray head0 = graph.getParam("head_W").dup();
        graph.addListeners(new GuidedUpdates(graph, guide, Mode.UPDATE));

        for (int i = 0; i < 5; i++) {
            graph.fit(data());
        }

        INDArray moved = graph.getParam("body-0_W").neq(w0).castTo(DataType.FLOAT);
        assertEquals(Nd4j.create(W_PATTERN), moved, "exactly the weights with guide 1 moved");
        assertNotEquals(head0, graph.getParam("head_W"), "the unguided head must train");
    }

    /** A fine-tune graph (body 4-3 from a seeded MLP, new 2-class head) trained with {@code optimizer}. */
    private static ComputationGraph fineTune(Optimizer optimizer) {
        ComputationGraph pretrained = MlpNetwork.build(new ModelSpec("mlp", List.of(3), List.of(), "tanh", 0.0), 4, 2, 0.05, 7);
        return FineTuneNetwork.from(pretrained, 2, 0, 0.5, 0.5, optimizer, 13);
    }

    /** A guide over body-0 with seeded random values in [0, 1], a third of them exactly 0. */
    private static GuideMatrix randomGuide(long seed) {
        java.util.Random random = new java.util.Random(seed);
        float[][] w = new float[4][3];
        for (float[] row : w) {
            for (int c = 0; c < 3; c++) {
                row[c] = random.nextInt(3) == 0 ? 0 : random.nextFloat();
            }
        }
        float[] b = {random.nextFloat(), 0, random.nextFloat()};
        return guide("body-0", w, b, 1);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(longs = {1, 2, 3})
    void with_plain_sgd_in_gradient_mode_each_weight_moves_by_its_guide_times_its_unguided_step(long seed) {
        GuideMatrix guide = randomGuide(seed);
        ComputationGraph plain = fineTune(Optimizer.sgd(0));
        ComputationGraph guided = fineTune(Optimizer.sgd(0));
        assertEquals(plain.params(), guided.params(), "same start");
        Map<String, INDArray> start = new LinkedHashMap<>();
        for (String p : List.of("body-0_W", "body-0_b")) {
            start.put(p, plain.getParam(p).dup());
        }
        guided.addListeners(new GuidedUpdates(guided, guide, Mode.GRADIENT));

        plain.fit(data());
        guided.fit(data());

        for (String p : List.of("body-0_W", "body-0_b")) {
            INDArray plainStep = plain.getParam(p).sub(start.get(p));
            INDArray guidedStep = guided.getParam(p).sub(start.get(p));
            INDArray expected = plainStep.mul(guide.values().get(p).reshape(plainStep.shape()));
            assertTrue(expected.equalsWithEps(guidedStep, 1e-6), p + ": " + guidedStep + " vs g⊙step " + expected);
            assertTrue(plainStep.amaxNumber().doubleValue() > 1e-4, p + " takes a real step");
        }
        assertEquals(plain.getParam("head_W"), guided.getParam("head_W"), "the head is unguided");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void with_nesterov_momentum_a_zero_guide_weight_never_moves_and_the_others_do(Mode mode) {
        GuideMatrix guide = randomGuide(9);
        ComputationGraph graph = fineTune(Optimizer.sgd(0.9));
        assertInstanceOf(Nesterovs.class, ((BaseLayer) BodyLayers.layer(graph, "body-0")).getIUpdater());
        INDArray w0 = graph.getParam("body-0_W").dup();
        graph.addListeners(new GuidedUpdates(graph, guide, mode));

        for (int i = 0; i < 6; i++) {
            graph.fit(data());
        }

        INDArray moved = graph.getParam("body-0_W").neq(w0).castTo(DataType.FLOAT);
        INDArray expected = guide.values().get("body-0_W").gt(0).castTo(DataType.FLOAT);
        assertEquals(expected, moved, mode + ": exactly the weights with a positive guide moved");
    }

    @Test
    void a_guide_made_for_an_old_layer_list_network_is_rejected_with_a_hint_to_rerun_the_guide_stage() {
        ComputationGraph graph = MlpNetwork.build(new ModelSpec("mlp", List.of(3), List.of(), "tanh", 0.0), 4, 2, 0.05, 7);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GuidedUpdates(graph, guide(W_PATTERN, B_PATTERN, 1), Mode.UPDATE));
        assertTrue(e.getMessage().startsWith("the guide's parameter 0_W [4, 3] does not match the network's (absent)"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("rerun the guide stage"), e.getMessage());
    }
}
