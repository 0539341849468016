package org.transferlab.experiments.model;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The one place a {@link ModelSpec} becomes a classifier: {@code mlp} → {@link MlpNetwork},
 * {@code lenet} → {@link LeNetNetwork}, {@code vgg} → {@link VggNetwork}. All read flat examples of {@code height·width} features;
 * same spec and seed, same initial weights.
 */
public final class Networks {

    private Networks() {}

    public static MultiLayerNetwork build(ModelSpec spec, int height, int width, int classes, double learningRate,
            long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        String type = spec.type() == null ? "mlp" : spec.type();
        return switch (type) {
            case "mlp" -> MlpNetwork.build(spec, height * width, classes, learningRate, seed);
            case "lenet" -> LeNetNetwork.build(spec, height, width, classes, learningRate, seed);
            case "vgg" -> VggNetwork.build(spec, height, width, classes, learningRate, seed);
            default -> throw new IllegalArgumentException("unknown model type '" + type + "'; available: mlp, lenet, vgg");
        };
    }
}
