package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.transferlab.protocol.spec.LayerSpec;

/** Dense and convolution layers read activation, bias and input dropout from their spec the same way. */
class LayerBuildersTest {

    @Test
    void dense_and_conv_layers_take_the_specs_activation_bias_and_input_dropout_as_a_keep_probability() {
        DenseLayer dense = (DenseLayer) LayerBuilders.of(new LayerSpec("fc", "dense", 8, null, null, null, null, "relu", null, false, 0.25));
        ConvolutionLayer conv = (ConvolutionLayer) LayerBuilders.of(
                new LayerSpec("c", "conv", null, 4, List.of(3), null, null, "relu", null, false, 0.25));
        for (var layer : List.of(dense, conv)) {
            assertTrue(layer.getActivationFn() instanceof ActivationReLU, layer.getLayerName());
            assertEquals(0.75, ((Dropout) layer.getIDropout()).getP(), 1e-12, "DL4J keeps 1 - dropout");
        }
        assertFalse(dense.hasBias());
        assertFalse(conv.hasBias());
    }

    @Test
    void without_those_settings_they_are_linear_biased_and_keep_every_input() {
        DenseLayer dense = (DenseLayer) LayerBuilders.of(new LayerSpec("fc", "dense", 8, null, null, null, null, null, null, null, null));
        ConvolutionLayer conv = (ConvolutionLayer) LayerBuilders.of(
                new LayerSpec("c", "conv", null, 4, List.of(3), null, null, null, null, null, null));
        for (var layer : List.of(dense, conv)) {
            assertTrue(layer.getActivationFn() instanceof ActivationIdentity, layer.getLayerName());
            assertNull(layer.getIDropout(), layer.getLayerName());
        }
        assertTrue(dense.hasBias());
        assertTrue(conv.hasBias());
    }
}
