package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.transfer.FineTuneNetwork;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelCost;
import org.transferlab.protocol.spec.ModelSpec;

/** A network declared layer by layer becomes a named graph on RGB input; its body transfers whatever its head. */
class DeclaredNetworkTest {

    static final List<LayerSpec> LAYERS = List.of(
            new LayerSpec("conv1", "conv", null, 6, List.of(3), null, "same", "relu", null, null, null),
            new LayerSpec("bn1", "batchnorm", null, null, null, null, null, null, null, null, null),
            new LayerSpec("pool1", "pool", null, null, null, null, null, null, null, null, null),
            new LayerSpec("conv2", "conv", null, 8, List.of(3, 3), List.of(1), null, "relu", null, null, null),
            new LayerSpec("pool2", "pool", null, null, null, null, null, null, "avg", null, null),
            new LayerSpec("fc", "dense", 16, null, null, null, null, "relu", null, null, null),
            new LayerSpec("drop", "dropout", null, null, null, null, null, null, null, null, 0.2),
            new LayerSpec("fc2", "dense", 10, null, null, null, null, "tanh", null, null, null));

    static final ModelSpec DECLARED = new ModelSpec(null, null, null, null, null, LAYERS, "fc", null);

    static ModelSpec declared() {
        return new org.transferlab.protocol.spec.ExperimentSpec(null, null, null, null, DECLARED, null, null, null, null,
                null, null, null, null).withDefaults().model();
    }

    @Test
    void a_declared_network_is_built_under_body_and_head_names_and_trains_on_rgb_input() {
        ModelSpec model = declared();
        ComputationGraph network = Networks.build(model, 3, 12, 12, 4, 1e-2, 3);
        DataSet data = LeNetNetworkTest.randomImages(6, 3 * 12 * 12, 4, 1);
        INDArray before = network.params().dup();

        network.fit(data);

        assertEquals(List.of("input", "body-0", "body-0-norm", "body-0-pool", "body-1", "body-1-pool", "body-2",
                "head-0", "head-1", "head"), BodyLayers.order(network));
        assertEquals("AVG", ((SubsamplingLayer) BodyLayers.layer(network, "body-1-pool")).getPoolingType().name());
        assertEquals(DropoutLayer.class, BodyLayers.layer(network, "head-0").getClass());
        assertEquals(3, BodyLayers.count(network));
        assertEquals(model.bodyLayers(), BodyLayers.count(network));
        assertEquals(3 * 12 * 12, BodyLayers.inputs(network));
        assertArrayEquals(new long[] {6, 4}, network.outputSingle(data.getFeatures()).shape());
        assertEquals(ModelCost.of(model, 3, 12, 12, 4, false).parameters(), network.numParams(),
                "the spec's cost counts what DL4J builds");
        assertNotEquals(before, network.params());
    }

    @Test
    void same_declaration_and_seed_give_the_same_initial_weights() {
        assertEquals(Networks.build(declared(), 3, 12, 12, 4, 1e-2, 3).params(), Networks.build(declared(), 3, 12, 12, 4, 1e-2, 3).params());
    }

    @Test
    void fine_tuning_keeps_the_body_and_starts_every_head_layer_afresh() {
        ComputationGraph pretrained = Networks.build(declared(), 3, 12, 12, 4, 1e-2, 3);
        pretrained.fit(LeNetNetworkTest.randomImages(6, 3 * 12 * 12, 4, 1));

        ComputationGraph tuned = FineTuneNetwork.from(pretrained, 5, 2, 1e-2, 9);

        assertEquals(BodyLayers.order(pretrained), BodyLayers.order(tuned));
        for (String body : List.of("body-0", "body-1", "body-2")) {
            assertEquals(pretrained.getLayer(body).params(), tuned.getLayer(body).params(), body + " carried over");
        }
        assertNotEquals(pretrained.getLayer("head-1").params(), tuned.getLayer("head-1").params(), "head-1 starts afresh");
        assertEquals(16, ((DenseLayer) BodyLayers.layer(tuned, "head-1")).getNIn());
        DataSet target = LeNetNetworkTest.randomImages(6, 3 * 12 * 12, 5, 2);
        INDArray frozen = tuned.getLayer("body-1").params().dup();
        tuned.fit(target);
        assertArrayEquals(new long[] {6, 5}, tuned.outputSingle(target.getFeatures()).shape());
        assertEquals(frozen, tuned.getLayer("body-1").params(), "frozenLayers 2 holds body-0 and body-1");
        assertTrue(tuned.getLayer("body-2").params().neq(pretrained.getLayer("body-2").params()).any());
    }

    @Test
    void a_network_whose_body_ends_in_a_convolution_gets_a_head_that_flattens_it() {
        ModelSpec convOnly = new ModelSpec(null, null, null, null, null, LAYERS.subList(0, 5), null, null);
        ComputationGraph pretrained = Networks.build(new org.transferlab.protocol.spec.ExperimentSpec(null, null, null, null,
                convOnly, null, null, null, null, null, null, null, null).withDefaults().model(), 3, 12, 12, 4, 1e-2, 3);
        ComputationGraph tuned = FineTuneNetwork.from(pretrained, 3, 0, 1e-2, 9);
        DataSet target = LeNetNetworkTest.randomImages(4, 3 * 12 * 12, 3, 2);
        tuned.fit(target);
        assertArrayEquals(new long[] {4, 3}, tuned.outputSingle(target.getFeatures()).shape());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mlp", "lenet", "vgg"})
    void every_preset_reads_rgb_images(String type) {
        ModelSpec preset = new org.transferlab.protocol.spec.ExperimentSpec(null, null, null, null,
                new ModelSpec(type, null, List.of(4, 6), null, null), null, null, null, null, null, null, null, null)
                .withDefaults().model();
        ComputationGraph network = Networks.build(preset, 3, 8, 8, 3, 1e-2, 4);
        DataSet data = LeNetNetworkTest.randomImages(5, 3 * 8 * 8, 3, 1);
        network.fit(data);
        assertEquals(3 * 8 * 8, BodyLayers.inputs(network));
        assertArrayEquals(new long[] {5, 3}, network.outputSingle(data.getFeatures()).shape());
        assertEquals(ModelCost.of(preset, 3, 8, 8, 3, false).parameters(), network.numParams(), type + ": cost counts RGB input");
    }
}
