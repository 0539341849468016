package org.transferlab.experiments.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.layers.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.model.Networks;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.TrialConfig.Optimizer;

/** In the style of DL4J's FrozenLayerTest: a tiny network, seeded random data, milliseconds. */
class FineTuneNetworkTest {

    private static final ModelSpec TINY = new ModelSpec("mlp", List.of(8, 6), List.of(), "relu", 0.0);

    private static ComputationGraph pretrained() {
        return MlpNetwork.build(TINY, 10, 4, 0.01, 123);
    }

    private static DataSet randomData(int examples, int classes, long seed) {
        Random random = new Random(seed);
        float[] features = new float[examples * 10];
        float[] labels = new float[examples * classes];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        for (int row = 0; row < examples; row++) {
            labels[row * classes + random.nextInt(classes)] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {examples, 10}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {examples, classes}, DataType.FLOAT));
    }

    /** A copy of each layer's parameters by vertex name (layers without parameters left out). */
    private static Map<String, INDArray> paramsOf(ComputationGraph network) {
        Map<String, INDArray> params = new HashMap<>();
        for (GraphVertex vertex : network.getVertices()) {
            INDArray p = vertex.hasLayer() ? vertex.getLayer().params() : null;
            if (p != null && p.length() > 0) {
                params.put(vertex.getVertexName(), p.dup());
            }
        }
        return params;
    }

    @Test
    void frozen_layers_parameters_are_unchanged_after_fit_while_unfrozen_ones_change() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 1, 0.01, 7);
        Map<String, INDArray> before = paramsOf(network);

        DataSet data = randomData(32, 3, 1);
        for (int i = 0; i < 5; i++) {
            network.fit(data);
        }

        assertInstanceOf(FrozenLayer.class, network.getLayer("body-0"));
        assertEquals(before.get("body-0"), network.getLayer("body-0").params(), "frozen hidden layer 0");
        assertNotEquals(before.get("body-1"), network.getLayer("body-1").params(), "trainable hidden layer 1");
        assertNotEquals(before.get(BodyLayers.HEAD), network.getLayer(BodyLayers.HEAD).params(), "new head");
    }

    @Test
    void frozen_layers_keep_the_pretrained_weights() {
        ComputationGraph body = pretrained();
        INDArray pretrainedFirst = body.getLayer("body-0").params().dup();

        ComputationGraph network = FineTuneNetwork.from(body, 3, 2, 0.01, 7);

        assertEquals(pretrainedFirst, network.getLayer("body-0").params());
    }

    @Test
    void the_new_head_has_one_output_per_target_class() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 1, 0.01, 7);

        OutputLayer head = (OutputLayer) BodyLayers.layer(network, BodyLayers.HEAD);
        assertEquals(3, head.getNOut());
        assertEquals(6, head.getNIn());
        assertEquals(3, network.outputSingle(randomData(5, 3, 2).getFeatures()).size(1));
        assertEquals(0, network.getEpochCount());
    }

    @Test
    void zero_frozen_layers_is_a_full_fine_tune() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 0, 0.01, 7);
        Map<String, INDArray> before = paramsOf(network);

        network.fit(randomData(32, 3, 3));

        assertFalse(network.getLayer("body-0") instanceof FrozenLayer);
        assertEquals(3, before.size());
        before.forEach((name, params) -> assertNotEquals(params, network.getLayer(name).params(), name));
    }

    @Test
    void freezing_more_layers_than_the_body_has_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuneNetwork.from(pretrained(), 3, 3, 0.01, 7));
        assertEquals("frozenLayers must be between 0 and 2 (the body's layers), got 3", e.getMessage());
    }

    @Test
    void a_body_learning_rate_of_zero_with_a_positive_head_rate_leaves_the_body_unchanged() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 0, 0.01, 0.0, 7);
        Map<String, INDArray> before = paramsOf(network);

        for (int i = 0; i < 5; i++) {
            network.fit(randomData(32, 3, 4));
        }

        assertFalse(network.getLayer("body-0") instanceof FrozenLayer, "held still by its learning rate, not frozen");
        assertEquals(before.get("body-0"), network.getLayer("body-0").params(), "body layer 0");
        assertEquals(before.get("body-1"), network.getLayer("body-1").params(), "body layer 1");
        assertNotEquals(before.get(BodyLayers.HEAD), network.getLayer(BodyLayers.HEAD).params(), "head");
    }

    @Test
    void body_and_head_get_their_own_learning_rates() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 1, 0.01, 0.001, 7);

        assertInstanceOf(FrozenLayer.class, network.getLayer("body-0"));
        assertEquals(0.001, rateOf(network, "body-1"), 1e-12);
        assertEquals(0.01, rateOf(network, BodyLayers.HEAD), 1e-12);
    }

    @Test
    void new_learning_rates_on_a_restored_checkpoint_reach_body_and_head_and_keep_weights_and_adam_state(@TempDir Path dir)
            throws Exception {
        ComputationGraph trained = FineTuneNetwork.from(pretrained(), 3, 1, 0.01, 0.001, 7);
        for (int i = 0; i < 3; i++) {
            trained.fit(randomData(32, 3, 5));
        }
        Path file = dir.resolve("donor.zip");
        org.transferlab.experiments.checkpoint.Checkpoints.save(trained, file);
        ComputationGraph restored = org.transferlab.experiments.checkpoint.Checkpoints.load(file);
        INDArray state = trained.getUpdater().getStateViewArray().dup();

        FineTuneNetwork.setLearningRates(restored, 0.02, 0.004);

        assertInstanceOf(FrozenLayer.class, restored.getLayer("body-0"), "a frozen layer stays frozen");
        assertEquals(0.004, rateOf(restored, "body-1"), 1e-12);
        assertEquals(0.02, rateOf(restored, BodyLayers.HEAD), 1e-12);
        assertEquals(trained.params(), restored.params(), "the donor's weights");
        assertEquals(state, restored.getUpdater().getStateViewArray(), "Adam's moments are kept");
        Map<String, INDArray> before = paramsOf(restored);
        restored.fit(randomData(32, 3, 6));
        assertEquals(before.get("body-0"), restored.getLayer("body-0").params(), "frozen layer unchanged by fit");
        assertNotEquals(before.get("body-1"), restored.getLayer("body-1").params(), "body trains at its new rate");
    }

    private static double[] sorted(INDArray values) {
        double[] v = values.dup().data().asDouble();
        java.util.Arrays.sort(v);
        return v;
    }

    @Test
    void new_learning_rates_reach_a_restored_network_built_with_one_rate_for_body_and_head(@TempDir Path dir) throws Exception {
        ComputationGraph trained = FineTuneNetwork.from(pretrained(), 3, 1, 0.01, 7);
        trained.fit(randomData(32, 3, 5));
        Path file = dir.resolve("donor.zip");
        org.transferlab.experiments.checkpoint.Checkpoints.save(trained, file);
        ComputationGraph restored = org.transferlab.experiments.checkpoint.Checkpoints.load(file);

        double[] state = sorted(trained.getUpdater().getStateViewArray());

        // one rate built one updater block; two rates split it, and each parameter's moments move with it
        FineTuneNetwork.setLearningRates(restored, 0.03, 0.005);

        assertEquals(0.005, rateOf(restored, "body-1"), 1e-12);
        assertEquals(0.03, rateOf(restored, BodyLayers.HEAD), 1e-12);
        assertEquals(trained.params(), restored.params());
        org.junit.jupiter.api.Assertions.assertArrayEquals(state, sorted(restored.getUpdater().getStateViewArray()), 0.0,
                "the same moments, rearranged for the new blocks");
        restored.fit(randomData(32, 3, 6));
    }

    @Test
    void sgd_without_momentum_is_plain_sgd_and_with_momentum_nesterov_for_body_and_head_at_their_rates() {
        ComputationGraph plain = FineTuneNetwork.from(pretrained(), 3, 0, 0.1, 0.01, Optimizer.sgd(0), 7);
        assertInstanceOf(Sgd.class, updaterOf(plain, "body-0"));
        assertInstanceOf(Sgd.class, updaterOf(plain, BodyLayers.HEAD));
        assertEquals(0.01, rateOf(plain, "body-0"), 1e-12);
        assertEquals(0.1, rateOf(plain, BodyLayers.HEAD), 1e-12);

        ComputationGraph momentum = FineTuneNetwork.from(pretrained(), 3, 1, 0.1, 0.1, Optimizer.sgd(0.9), 7);
        assertInstanceOf(FrozenLayer.class, momentum.getLayer("body-0"));
        Nesterovs body = assertInstanceOf(Nesterovs.class, updaterOf(momentum, "body-1"));
        Nesterovs head = assertInstanceOf(Nesterovs.class, updaterOf(momentum, BodyLayers.HEAD));
        assertEquals(0.9, body.getMomentum(), 1e-12);
        assertEquals(0.9, head.getMomentum(), 1e-12);
        assertEquals(0.1, head.getLearningRate(), 1e-12);

        assertInstanceOf(Adam.class, updaterOf(FineTuneNetwork.from(pretrained(), 3, 0, 0.1, 0.01, 7), "body-0"),
                "Adam stays the default");
    }

    @Test
    void one_plain_sgd_step_moves_each_weight_by_minus_the_learning_rate_times_its_mean_gradient() {
        ComputationGraph network = FineTuneNetwork.from(pretrained(), 3, 0, 0.1, 0.1, Optimizer.sgd(0), 7);
        DataSet data = randomData(16, 3, 8);
        INDArray before = network.params().dup();
        network.setInputs(data.getFeatures());
        network.setLabels(data.getLabels());
        network.computeGradientAndScore();
        INDArray gradient = network.gradient().gradient().dup();

        network.fit(data);

        // DL4J's gradient sums over the minibatch and its updater divides by the batch size: θ ← θ − lr·mean ∇
        INDArray step = network.params().sub(before);
        assertTrue(gradient.mul(-0.1 / 16).equalsWithEps(step, 1e-7), "step/gradient " + step.div(gradient));
    }

    private static org.nd4j.linalg.learning.config.IUpdater updaterOf(ComputationGraph network, String vertex) {
        return ((org.deeplearning4j.nn.conf.layers.BaseLayer) BodyLayers.layer(network, vertex)).getIUpdater();
    }

    private static double rateOf(ComputationGraph network, String vertex) {
        return ((org.deeplearning4j.nn.conf.layers.BaseLayer) BodyLayers.layer(network, vertex))
                .getIUpdater().getLearningRate(0, 0);
    }

    @Test
    void frozen_lenet_blocks_keep_their_parameters_after_fit_and_the_rest_trains() {
        ModelSpec lenet = new ModelSpec("lenet", List.of(16), List.of(4, 6), "relu", 0.0);
        ComputationGraph body = Networks.build(lenet, 8, 8, 4, 0.01, 3);
        ComputationGraph network = FineTuneNetwork.from(body, 3, 2, 0.01, 7);
        Map<String, INDArray> before = paramsOf(network);

        DataSet data = randomImages(16, 64, 3, 5);
        for (int i = 0; i < 5; i++) {
            network.fit(data);
        }

        for (String vertex : List.of("body-0", "body-0-pool", "body-1", "body-1-pool")) {
            assertInstanceOf(FrozenLayer.class, network.getLayer(vertex), vertex);
        }
        assertEquals(before.get("body-0"), network.getLayer("body-0").params(), "first convolution");
        assertEquals(before.get("body-1"), network.getLayer("body-1").params(), "second convolution");
        assertNotEquals(before.get("body-2"), network.getLayer("body-2").params(), "dense layer");
        assertNotEquals(before.get(BodyLayers.HEAD), network.getLayer(BodyLayers.HEAD).params(), "new head");
    }

    @Test
    void freezing_every_body_layer_is_feature_extraction() {
        ModelSpec lenet = new ModelSpec("lenet", List.of(16), List.of(4, 6), "relu", 0.0);
        ComputationGraph network = FineTuneNetwork.from(Networks.build(lenet, 8, 8, 4, 0.01, 3), 3, 3, 0.01, 7);
        Map<String, INDArray> before = paramsOf(network);

        network.fit(randomImages(16, 64, 3, 6));

        for (String vertex : List.of("body-0", "body-1", "body-2")) {
            assertEquals(before.get(vertex), network.getLayer(vertex).params(), vertex);
        }
        assertNotEquals(before.get(BodyLayers.HEAD), network.getLayer(BodyLayers.HEAD).params(), "head");
    }

    private static DataSet randomImages(int examples, int pixels, int classes, long seed) {
        return org.transferlab.experiments.model.LeNetNetworkTest.randomImages(examples, pixels, classes, seed);
    }
}
