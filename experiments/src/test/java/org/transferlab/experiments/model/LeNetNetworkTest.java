package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.protocol.spec.ModelSpec;

public class LeNetNetworkTest {

    public static final ModelSpec TINY_LENET = new ModelSpec("lenet", List.of(16), List.of(4, 6), "relu", 0.0);

    public static DataSet randomImages(int examples, int pixels, int classes, long seed) {
        Random random = new Random(seed);
        float[] features = new float[examples * pixels];
        float[] labels = new float[examples * classes];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextFloat();
        }
        for (int row = 0; row < examples; row++) {
            labels[row * classes + random.nextInt(classes)] = 1f;
        }
        return new DataSet(Nd4j.create(features, new long[] {examples, pixels}, DataType.FLOAT),
                Nd4j.create(labels, new long[] {examples, classes}, DataType.FLOAT));
    }

    @ParameterizedTest
    @CsvSource({"28, 28", "8, 8"})
    void builds_on_flat_images_and_a_training_step_changes_every_layer_with_parameters(int height, int width) {
        ComputationGraph network = Networks.build(TINY_LENET, height, width, 3, 1e-2, 5);
        DataSet data = randomImages(8, height * width, 3, 1);
        INDArray before = network.params().dup();

        network.fit(data);

        assertArrayEquals(new long[] {8, 3}, network.outputSingle(data.getFeatures()).shape());
        assertEquals(List.of("input", "body-0", "body-0-pool", "body-1", "body-1-pool", "body-2", "head"),
                BodyLayers.order(network), "conv, pool, conv, pool, dense, head");
        for (String layer : List.of("body-0", "body-1", "body-2", "head")) {
            assertNotEquals(0, network.getLayer(layer).numParams());
        }
        assertNotEquals(before, network.params());
        assertEquals(3, BodyLayers.count(network));
        assertEquals(height * width, BodyLayers.inputs(network));
    }

    @Test
    void same_spec_and_seed_give_the_same_initial_weights() {
        assertEquals(Networks.build(TINY_LENET, 8, 8, 3, 1e-2, 5).params(), Networks.build(TINY_LENET, 8, 8, 3, 1e-2, 5).params());
        assertNotEquals(Networks.build(TINY_LENET, 8, 8, 3, 1e-2, 5).params(), Networks.build(TINY_LENET, 8, 8, 3, 1e-2, 6).params());
    }

    @Test
    void body_layers_map_a_convolution_block_to_its_pooling_layer() {
        ComputationGraph network = Networks.build(TINY_LENET, 28, 28, 3, 1e-2, 5);

        assertNull(BodyLayers.lastVertexOf(network, 0));
        assertEquals("body-0-pool", BodyLayers.lastVertexOf(network, 1));
        assertEquals("body-1-pool", BodyLayers.lastVertexOf(network, 2));
        assertEquals("body-2", BodyLayers.lastVertexOf(network, 3));
        assertEquals("body-2", BodyLayers.headInput(network));
        assertThrows(IllegalArgumentException.class, () -> BodyLayers.lastVertexOf(network, 4));
    }

    @Test
    void an_unknown_model_type_is_refused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Networks.build(new ModelSpec("resnet", List.of(8), List.of(), "relu", 0.0), 8, 8, 3, 1e-2, 1));
        assertEquals("unknown model type 'resnet'; available: mlp, lenet, vgg, layers", e.getMessage());
    }
}
