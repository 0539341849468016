package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.train.InputMask;
import org.transferlab.experiments.train.PatchMask;
import org.transferlab.experiments.train.TrainingLoop;
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

    /** One reconstruction batch with its targets replaced where {@code where} is 1 (where 0: as given). */
    private static DataSet withTargetsChanged(DataSet batch, INDArray where) {
        INDArray targets = batch.getLabels().add(where.mul(5f));
        return new DataSet(batch.getFeatures(), targets, null, batch.getLabelsMaskArray());
    }

    private static INDArray paramsAfterOneStep(ComputationGraph network, DataSet batch) {
        ComputationGraph copy = network.clone();
        copy.fit(batch);
        return copy.params();
    }

    @Test
    void the_masked_autoencoders_loss_and_gradient_ignore_the_pixels_it_was_shown() {
        ComputationGraph autoencoder = MaskedAutoencoder.build(new ModelSpec("mlp", List.of(12, 6), List.of(), "relu", 0.0),
                8, 8, 1e-2, 3);
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 64);
        DataSet batch = TrainingLoop.reconstructionBatch(images, new PatchMask(8, 8, 2, 0.5, -1.0), new Random(4));
        INDArray hidden = batch.getLabelsMaskArray();
        INDArray shown = hidden.rsub(1f);

        DataSet shownChanged = withTargetsChanged(batch, shown);
        DataSet hiddenChanged = withTargetsChanged(batch, hidden);

        assertEquals(autoencoder.score(batch, false), autoencoder.score(shownChanged, false), 1e-6,
                "what the shown pixels should be does not enter the loss");
        assertEquals(paramsAfterOneStep(autoencoder, batch), paramsAfterOneStep(autoencoder, shownChanged),
                "nor the gradient");
        assertTrue(autoencoder.score(hiddenChanged, false) > autoencoder.score(batch, false) + 1,
                "the hidden pixels' targets are the loss");
        assertNotEquals(paramsAfterOneStep(autoencoder, batch), paramsAfterOneStep(autoencoder, hiddenChanged));
    }

    @Test
    void the_denoising_autoencoders_loss_reads_every_pixel() {
        ComputationGraph autoencoder = MaskedAutoencoder.build(new ModelSpec("mlp", List.of(12, 6), List.of(), "relu", 0.0),
                8, 8, 1e-2, 3);
        INDArray images = Nd4j.rand(DataType.FLOAT, 6, 64);
        DataSet batch = TrainingLoop.reconstructionBatch(images, new InputMask(0.5), new Random(4));
        INDArray shownPixels = batch.getFeatures().neq(0f).castTo(DataType.FLOAT);

        assertTrue(batch.getLabelsMaskArray() == null);
        assertTrue(autoencoder.score(withTargetsChanged(batch, shownPixels), false) > autoencoder.score(batch, false) + 1);
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
