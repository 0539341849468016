package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The MLP of a {@link ModelSpec}, a preset of declared layers ({@code ModelLayers.of}): dense hidden
 * layers {@code body-0 … body-(h-1)} with the spec's activation, dropout on the inputs of all but the
 * first, then the softmax {@code head} trained with multi-class cross-entropy and Adam. Same spec
 * and seed, same initial weights. {@link #addDense} is the dense part other builders share.
 */
public final class MlpNetwork {

    private MlpNetwork() {}

    static double dropout(ModelSpec spec) {
        double dropout = spec.dropout() == null ? 0.0 : spec.dropout();
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0,1), got " + dropout);
        }
        return dropout;
    }

    /**
     * @param inputs features per example (784 for MNIST)
     * @param classes outputs of the softmax head
     */
    public static ComputationGraph build(ModelSpec spec, int inputs, int classes, double learningRate, long seed) {
        return build(spec, inputs, classes, learningRate, seed, 0.0);
    }

    /**
     * @param inputDropout probability of dropping each input feature in training (DL4J applies a
     *     layer's dropout to its input, so it is the first layer's); 0 for none
     */
    public static ComputationGraph build(ModelSpec spec, int inputs, int classes, double learningRate, long seed,
            double inputDropout) {
        if (inputDropout < 0 || inputDropout >= 1) {
            throw new IllegalArgumentException("input dropout must be in [0,1), got " + inputDropout);
        }
        if (spec.type() != null && !"mlp".equalsIgnoreCase(spec.type())) {
            throw new IllegalArgumentException("model type '" + spec.type() + "' is not an mlp; Networks.build handles every type");
        }
        ComputationGraph network = Networks.build(spec, 1, 1, inputs, classes, learningRate, seed);
        if (inputDropout > 0) {
            // DL4J applies a layer's dropout to that layer's input: the first layer's is the input dropout
            boolean hidden = spec.hidden() != null && !spec.hidden().isEmpty();
            network.getLayer(hidden ? BodyLayers.name(0) : BodyLayers.HEAD).conf().getLayer()
                    .setIDropout(new Dropout(1.0 - inputDropout));
        }
        return network;
    }

    /**
     * Adds dense body layers {@code body-first …} of the given sizes. DL4J's dropOut takes the
     * probability of keeping an input; {@code firstDropout} is the first layer's own dropout
     * probability (on its input), {@code dropout} every later layer's.
     */
    static void addDense(LayerChain chain, List<Integer> sizes, int first, Activation activation, double dropout,
            double firstDropout) {
        for (int i = 0; i < sizes.size(); i++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(sizes.get(i)).activation(activation);
            double p = i == 0 ? firstDropout : dropout;
            if (p > 0) {
                dense.dropOut(1.0 - p);
            }
            chain.add(BodyLayers.name(first + i), dense.build());
        }
    }

    static Activation activation(ModelSpec spec) {
        String name = spec.activation() == null ? "relu" : spec.activation();
        try {
            return Activation.fromString(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'", e);
        }
    }
}
