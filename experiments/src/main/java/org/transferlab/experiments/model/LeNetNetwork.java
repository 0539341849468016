package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * Builds the LeNet-style CNN of a {@link ModelSpec}: for each entry of {@code channels} a 5×5
 * convolution with that many filters and the spec's activation, followed by 2×2 max pooling with
 * stride 2; then the dense {@code hidden} layers; then a softmax head trained with multi-class
 * cross-entropy and Adam. Convolutions are valid (unpadded) as in the classic LeNet while the map
 * stays large enough and padded ("same") after that, so one spec runs on 28×28 images
 * (28 → 24 → 12 → 8 → 4) and on sklearn's 8×8 digits (8 → 4 → 2, then padded 2 → 1). The network reads flat
 * examples {@code [n, height·width]}, like the MLP, and reshapes them itself. Dropout, when set,
 * applies to the inputs of the dense layers and the head, never to pixels or convolutions.
 */
public final class LeNetNetwork {

    private LeNetNetwork() {}

    public static MultiLayerNetwork build(ModelSpec spec, int height, int width, int classes, double learningRate,
            long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list();
        addBody(layers, spec, height, width);
        return withSoftmaxHead(layers, spec, height, width, classes);
    }

    /**
     * Finishes a conv body (LeNet's or {@link VggNetwork}'s) as a classifier on flat
     * {@code height·width} images: a softmax head with Xavier weights and the spec's dropout on
     * its inputs, trained with multi-class cross-entropy; builds and initialises the network.
     */
    static MultiLayerNetwork withSoftmaxHead(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int height, int width,
            int classes) {
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        double dropout = MlpNetwork.dropout(spec);
        if (dropout > 0) {
            head.dropOut(1.0 - dropout);
        }
        layers.layer(head.build());
        layers.setInputType(InputType.convolutionalFlat(height, width, 1));
        MultiLayerNetwork network = new MultiLayerNetwork(layers.build());
        network.init();
        return network;
    }

    /** Adds the convolution blocks and dense layers; the caller adds the head and the input type. */
    static void addBody(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int height, int width) {
        List<Integer> channels = spec.channels() == null ? List.of() : spec.channels();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a lenet model needs at least one entry in channels");
        }
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException("lenet needs images, got input " + height + "x" + width);
        }
        Activation activation = MlpNetwork.activation(spec);
        double dropout = MlpNetwork.dropout(spec);
        int mapSize = Math.min(height, width);
        for (int filters : channels) {
            // Valid (unpadded) convolutions as in the classic LeNet while the map is large enough;
            // padding only where a valid one would leave nothing to pool. DL4J's padded mode costs
            // about 3.6x the training time of the valid one on 28x28 (docs/BENCHMARKS.md).
            boolean valid = mapSize - 4 >= 2;
            layers.layer(new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(filters).activation(activation)
                    .convolutionMode(valid ? ConvolutionMode.Truncate : ConvolutionMode.Same).build());
            layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                    .kernelSize(2, 2).stride(2, 2).build());
            mapSize = Math.max(1, ((valid ? mapSize - 4 : mapSize) + 1) / 2);
        }
        for (int size : hidden) {
            DenseLayer.Builder dense = new DenseLayer.Builder().nOut(size).activation(activation);
            if (dropout > 0) {
                dense.dropOut(1.0 - dropout);
            }
            layers.layer(dense.build());
        }
    }
}
