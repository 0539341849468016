package org.transferlab.experiments.model;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The one place a {@link ModelSpec} becomes a classifier: {@code mlp} → {@link MlpNetwork},
 * {@code lenet} → {@link LeNetNetwork}'s body, {@code vgg} → {@link VggNetwork}'s body, each conv
 * body finished here with the same softmax head. All are graphs named as {@link BodyLayers} says
 * and read flat examples of {@code height·width} features; same spec and seed, same initial weights.
 */
public final class Networks {

    /** Adds a conv body to a chain (LeNet's or vgg's). */
    @FunctionalInterface
    interface ConvBody {
        void addTo(LayerChain chain, ModelSpec spec, int height, int width);
    }

    private Networks() {}

    public static ComputationGraph build(ModelSpec spec, int height, int width, int classes, double learningRate,
            long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        String type = spec.type() == null ? "mlp" : spec.type();
        return switch (type) {
            case "mlp" -> MlpNetwork.build(spec, height * width, classes, learningRate, seed);
            case "lenet" -> convClassifier(LeNetNetwork::addBody, WeightInit.XAVIER, spec, height, width, classes,
                    learningRate, seed);
            case "vgg" -> convClassifier(VggNetwork::addBody, WeightInit.RELU, spec, height, width, classes,
                    learningRate, seed);
            default -> throw new IllegalArgumentException("unknown model type '" + type + "'; available: mlp, lenet, vgg");
        };
    }

    /**
     * A conv body finished as a classifier on flat {@code height·width} images: a softmax head
     * with Xavier weights and the spec's dropout on its inputs, trained with multi-class
     * cross-entropy and Adam; built and initialised.
     */
    private static ComputationGraph convClassifier(ConvBody body, WeightInit weightInit, ModelSpec spec, int height,
            int width, int classes, double learningRate, long seed) {
        LayerChain chain = new LayerChain(seed, learningRate, weightInit);
        body.addTo(chain, spec, height, width);
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        double dropout = MlpNetwork.dropout(spec);
        if (dropout > 0) {
            head.dropOut(1.0 - dropout);
        }
        chain.add(BodyLayers.HEAD, head.build());
        return chain.build(InputType.convolutionalFlat(height, width, 1));
    }
}
