package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * Builds the MLP of a {@link ModelSpec}: dense hidden layers (the body, layers {@code 0..h-1})
 * with the spec's activation, then a softmax output layer (the head, layer {@code h}) trained with
 * multi-class cross-entropy and Adam. Same spec and seed, same initial weights.
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
    public static MultiLayerNetwork build(ModelSpec spec, int inputs, int classes, double learningRate, long seed) {
        if (spec.type() != null && !"mlp".equalsIgnoreCase(spec.type())) {
            throw new IllegalArgumentException("model type '" + spec.type() + "' is not an mlp; Networks.build handles every type");
        }
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        Activation activation = activation(spec);
        double dropout = dropout(spec);

        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list();
        int in = inputs;
        for (int i = 0; i < hidden.size(); i++) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(in).nOut(hidden.get(i)).activation(activation);
            // DL4J's dropOut takes the probability of keeping an input; the first layer sees raw pixels.
            if (dropout > 0 && i > 0) {
                dense.dropOut(1.0 - dropout);
            }
            layers.layer(dense.build());
            in = hidden.get(i);
        }
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nIn(in).nOut(classes).activation(Activation.SOFTMAX);
        if (dropout > 0 && !hidden.isEmpty()) {
            head.dropOut(1.0 - dropout);
        }
        layers.layer(head.build());

        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
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
