package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.transfer.FineTuneNetwork;
import org.transferlab.protocol.spec.ModelSpec;

class VggNetworkTest {

    static final ModelSpec TINY_VGG = new ModelSpec("vgg", List.of(12), List.of(4, 6), "relu", 0.0);

    @ParameterizedTest
    @CsvSource({"28, 28", "8, 8"})
    void builds_blocks_of_two_convolutions_with_batch_norm_and_trains(int height, int width) {
        ComputationGraph network = Networks.build(TINY_VGG, height, width, 3, 1e-2, 5);
        DataSet data = LeNetNetworkTest.randomImages(8, height * width, 3, 1);
        INDArray before = network.params().dup();

        network.fit(data);

        assertArrayEquals(new long[] {8, 3}, network.outputSingle(data.getFeatures()).shape());
        // 2 blocks x (conv, bn, act, conv, bn, act, pool) + dense + head
        assertEquals(16, network.getNumLayers());
        assertEquals(List.of("input", "body-0", "body-0-norm", "body-0-act", "body-1", "body-1-norm", "body-1-act",
                "body-1-pool", "body-2", "body-2-norm", "body-2-act", "body-3", "body-3-norm", "body-3-act", "body-3-pool",
                "body-4", "head"), BodyLayers.order(network));
        assertEquals(ConvolutionLayer.class, BodyLayers.layer(network, "body-0").getClass());
        assertEquals(BatchNormalization.class, BodyLayers.layer(network, "body-0-norm").getClass());
        assertEquals(ActivationLayer.class, BodyLayers.layer(network, "body-0-act").getClass());
        assertEquals(SubsamplingLayer.class, BodyLayers.layer(network, "body-1-pool").getClass());
        assertNotEquals(before, network.params());
        assertEquals(TINY_VGG.bodyLayers(), BodyLayers.count(network));
        assertEquals(5, BodyLayers.count(network), "four convolutions and one dense layer");
        assertEquals(height * width, BodyLayers.inputs(network));
    }

    @Test
    void a_body_layer_cut_keeps_each_convolution_with_its_batch_norm_activation_and_pooling() {
        ComputationGraph network = Networks.build(TINY_VGG, 28, 28, 3, 1e-2, 5);

        assertNull(BodyLayers.lastVertexOf(network, 0));
        assertEquals("body-0-act", BodyLayers.lastVertexOf(network, 1), "conv, bn, act");
        assertEquals("body-1-pool", BodyLayers.lastVertexOf(network, 2), "the first block with its pooling");
        assertEquals("body-2-act", BodyLayers.lastVertexOf(network, 3));
        assertEquals("body-3-pool", BodyLayers.lastVertexOf(network, 4));
        assertEquals("body-4", BodyLayers.lastVertexOf(network, 5), "the dense layer");
        assertThrows(IllegalArgumentException.class, () -> BodyLayers.lastVertexOf(network, 6));
    }

    @Test
    void frozen_blocks_keep_their_weights_and_batch_norm_statistics_while_the_rest_trains() {
        ComputationGraph pretrained = Networks.build(TINY_VGG, 28, 28, 4, 1e-2, 5);
        ComputationGraph tuned = FineTuneNetwork.from(pretrained, 3, 2, 1e-2, 7);
        INDArray frozenBefore = frozenParams(tuned).dup();
        INDArray restBefore = tuned.getLayer("body-2").params().dup();

        for (int i = 0; i < 3; i++) {
            tuned.fit(LeNetNetworkTest.randomImages(8, 28 * 28, 3, i));
        }

        assertEquals(frozenBefore, frozenParams(tuned), "first block (conv, bn incl. running mean/var, conv, bn)");
        assertNotEquals(restBefore, tuned.getLayer("body-2").params(), "second block's first convolution trains");
        assertArrayEquals(new long[] {2, 3}, tuned.outputSingle(LeNetNetworkTest.randomImages(2, 28 * 28, 3, 9).getFeatures()).shape());
    }

    private static INDArray frozenParams(ComputationGraph network) {
        INDArray[] parts = new INDArray[4];
        String[] layers = {"body-0", "body-0-norm", "body-1", "body-1-norm"};
        for (int i = 0; i < layers.length; i++) {
            parts[i] = network.getLayer(layers[i]).params().reshape(1, -1);
        }
        return org.nd4j.linalg.factory.Nd4j.hstack(parts);
    }
}
