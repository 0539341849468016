package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.train.InputMask;
import org.transferlab.protocol.spec.ModelSpec;

class MaskedAutoencoderTest {

    @Test
    void the_mask_zeroes_exactly_the_ratio_of_each_inputs_features_reproducibly() {
        INDArray ones = org.nd4j.linalg.factory.Nd4j.ones(org.nd4j.linalg.api.buffer.DataType.FLOAT, 4, 10);
        InputMask mask = new InputMask(0.3);

        INDArray masked = mask.zeroed(ones, new Random(1));

        for (int row = 0; row < 4; row++) {
            assertEquals(7.0, masked.getRow(row).sumNumber().doubleValue(), 1e-6, "row " + row);
        }
        assertEquals(masked, mask.zeroed(ones, new Random(1)));
        assertEquals(40.0, ones.sumNumber().doubleValue(), 1e-6, "the input is left alone");
    }

    @Test
    void the_body_keeps_the_encoder_weights_and_has_the_classifier_layout() {
        ModelSpec spec = new ModelSpec("mlp", List.of(12, 6), List.of(), "relu", 0.0);
        ComputationGraph autoencoder = MaskedAutoencoder.build(spec, 1, 20, 1e-2, 3);
        assertEquals(List.of("input", "body-0", "body-1", "decoder-0", "reconstruction"), BodyLayers.order(autoencoder),
                "20→12→6 encoder, 6→12 decoder, 12→20 output");

        ComputationGraph body = MaskedAutoencoder.toBody(autoencoder, spec, 2, 3);

        assertEquals(List.of("input", "body-0", "body-1", "head"), BodyLayers.order(body));
        assertEquals(2, BodyLayers.count(body));
        assertEquals(autoencoder.getLayer("body-0").params(), body.getLayer("body-0").params());
        assertEquals(autoencoder.getLayer("body-1").params(), body.getLayer("body-1").params());
        assertEquals(20, BodyLayers.inputs(body));
        assertTrue(body.outputSingle(org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, 20)).size(1) == 2);
    }

    @Test
    void a_lenet_autoencoder_body_drops_the_decoder() {
        ComputationGraph autoencoder = MaskedAutoencoder.build(LeNetNetworkTest.TINY_LENET, 8, 8, 1e-2, 3);
        ComputationGraph body = MaskedAutoencoder.toBody(autoencoder, LeNetNetworkTest.TINY_LENET, 3, 3);

        assertEquals(6, body.getNumLayers());
        assertEquals(3, BodyLayers.count(body));
        assertEquals(autoencoder.getLayer("body-2").params(), body.getLayer("body-2").params());
    }
}
