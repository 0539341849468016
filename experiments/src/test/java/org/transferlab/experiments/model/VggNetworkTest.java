package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
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
        MultiLayerNetwork network = Networks.build(TINY_VGG, height, width, 3, 1e-2, 5);
        DataSet data = LeNetNetworkTest.randomImages(8, height * width, 3, 1);
        INDArray before = network.params().dup();

        network.fit(data);

        assertArrayEquals(new long[] {8, 3}, network.output(data.getFeatures()).shape());
        // 2 blocks x (conv, bn, act, conv, bn, act, pool) + dense + head
        assertEquals(16, network.getnLayers());
        assertEquals(ConvolutionLayer.class, network.getLayerWiseConfigurations().getConf(0).getLayer().getClass());
        assertEquals(BatchNormalization.class, network.getLayerWiseConfigurations().getConf(1).getLayer().getClass());
        assertEquals(ActivationLayer.class, network.getLayerWiseConfigurations().getConf(2).getLayer().getClass());
        assertEquals(SubsamplingLayer.class, network.getLayerWiseConfigurations().getConf(6).getLayer().getClass());
        assertNotEquals(before, network.params());
        assertEquals(TINY_VGG.bodyLayers(), BodyLayers.count(network));
        assertEquals(5, BodyLayers.count(network), "four convolutions and one dense layer");
        assertEquals(height * width, BodyLayers.inputs(network));
    }

    @Test
    void a_body_layer_cut_keeps_each_convolution_with_its_batch_norm_activation_and_pooling() {
        MultiLayerNetwork network = Networks.build(TINY_VGG, 28, 28, 3, 1e-2, 5);

        assertEquals(-1, BodyLayers.lastIndexOf(network, 0));
        assertEquals(2, BodyLayers.lastIndexOf(network, 1), "conv, bn, act");
        assertEquals(6, BodyLayers.lastIndexOf(network, 2), "the first block with its pooling");
        assertEquals(9, BodyLayers.lastIndexOf(network, 3));
        assertEquals(13, BodyLayers.lastIndexOf(network, 4));
        assertEquals(14, BodyLayers.lastIndexOf(network, 5), "the dense layer");
        assertThrows(IllegalArgumentException.class, () -> BodyLayers.lastIndexOf(network, 6));
    }

    @Test
    void frozen_blocks_keep_their_weights_and_batch_norm_statistics_while_the_rest_trains() {
        MultiLayerNetwork pretrained = Networks.build(TINY_VGG, 28, 28, 4, 1e-2, 5);
        MultiLayerNetwork tuned = FineTuneNetwork.from(pretrained, 3, 2, 1e-2, 7);
        INDArray frozenBefore = frozenParams(tuned).dup();
        INDArray restBefore = tuned.getLayer(7).params().dup();

        for (int i = 0; i < 3; i++) {
            tuned.fit(LeNetNetworkTest.randomImages(8, 28 * 28, 3, i));
        }

        assertEquals(frozenBefore, frozenParams(tuned), "first block (conv, bn incl. running mean/var, conv, bn)");
        assertNotEquals(restBefore, tuned.getLayer(7).params(), "second block's first convolution trains");
        assertArrayEquals(new long[] {2, 3}, tuned.output(LeNetNetworkTest.randomImages(2, 28 * 28, 3, 9).getFeatures()).shape());
    }

    private static INDArray frozenParams(MultiLayerNetwork network) {
        INDArray[] parts = new INDArray[4];
        int[] layers = {0, 1, 3, 4};
        for (int i = 0; i < layers.length; i++) {
            parts[i] = network.getLayer(layers[i]).params().reshape(1, -1);
        }
        return org.nd4j.linalg.factory.Nd4j.hstack(parts);
    }
}
