package org.transferlab.experiments.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ModelCost;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The orchestrator refuses a model by {@link ModelCost}'s parameter count, computed from the spec
 * alone; it must be the count of the network a worker really builds, for every builder.
 */
class ModelCostTest {

    private static void sameCount(ModelSpec spec, int height, int width, int classes) {
        assertEquals(Networks.build(spec, height, width, classes, 1e-3, 1).numParams(),
                ModelCost.of(spec, height, width, classes).parameters(), spec + " on " + height + "x" + width);
    }

    @Test
    void mlp_and_lenet_counts_match_the_built_networks() {
        sameCount(new ModelSpec("mlp", List.of(64, 32), List.of(), "relu", 0.0), 28, 28, 10);
        sameCount(new ModelSpec("mlp", List.of(16), List.of(), "tanh", 0.2), 1, 13, 3);
        sameCount(new ModelSpec("lenet", List.of(50), List.of(6, 8), "relu", 0.0), 28, 28, 5);
        // 8×8 digits: the second block is padded because a valid convolution would leave nothing to pool
        sameCount(new ModelSpec("lenet", List.of(20), List.of(4, 6), "relu", 0.0), 8, 8, 10);
    }

    @Test
    void vgg_counts_match_the_built_networks() {
        sameCount(new ModelSpec("vgg", List.of(32), List.of(4, 6), "relu", 0.0), 28, 28, 10);
        sameCount(new ModelSpec("vgg", List.of(16), List.of(4, 6, 8), "relu", 0.0), 8, 8, 3);
        ModelSpec vgg = new ModelSpec("vgg", List.of(24), List.of(4), "relu", 0.0);
        assertEquals(MaskedAutoencoder.build(vgg, 28, 28, 1e-3, 1).numParams(), ModelCost.of(vgg, 28, 28, 5, true).parameters());
    }

    @Test
    void masked_autoencoder_counts_match_the_built_network() {
        ModelSpec mlp = new ModelSpec("mlp", List.of(48, 24), List.of(), "relu", 0.0);
        assertEquals(MaskedAutoencoder.build(mlp, 28, 28, 1e-3, 1).numParams(), ModelCost.of(mlp, 28, 28, 5, true).parameters());
        ModelSpec lenet = new ModelSpec("lenet", List.of(32), List.of(4), "relu", 0.0);
        assertEquals(MaskedAutoencoder.build(lenet, 28, 28, 1e-3, 1).numParams(), ModelCost.of(lenet, 28, 28, 5, true).parameters());
    }
}
