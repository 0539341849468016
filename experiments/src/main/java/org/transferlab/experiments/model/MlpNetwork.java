package org.transferlab.experiments.model;

import java.util.List;
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
        if (spec.type() != null && !"mlp".equalsIgnoreCase(spec.type())) {
            throw new IllegalArgumentException("model type '" + spec.type() + "' is not an mlp; Networks.build handles every type");
        }
        return Networks.build(spec, 1, 1, inputs, classes, learningRate, seed);
    }

    /**
     * Adds dense body layers {@code body-first …} of the given sizes. DL4J's dropOut takes the
     * probability of keeping an input; {@code dropoutOnFirst} says whether the first of them gets it.
     */
    static void addDense(LayerChain chain, List<Integer> sizes, int first, Activation activation, double dropout,
            boolean dropoutOnFirst) {
        for (int i = 0; i < sizes.size(); i++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(sizes.get(i)).activation(activation);
            if (dropout > 0 && (i > 0 || dropoutOnFirst)) {
                dense.dropOut(1.0 - dropout);
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
