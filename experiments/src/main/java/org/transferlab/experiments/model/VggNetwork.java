package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * A small VGG-style body with batch norm, the kind of conv body transfer experiments use: for each
 * entry of {@code channels} a block of two 3×3 "same" convolutions with that many filters, each
 * followed by batch normalisation and the spec's activation, then 2×2 max pooling with stride 2
 * (skipped once the map is down to one pixel); then the dense {@code hidden} layers and a softmax
 * head. Every convolution (with its batch norm and activation) and every dense layer is one body
 * layer for {@code frozenLayers}, so a block is two. Convolutions carry no bias: the batch norm
 * after each one has its own shift. Reads flat examples {@code [n, height·width]} like the others.
 */
public final class VggNetwork {

    private VggNetwork() {}

    public static MultiLayerNetwork build(ModelSpec spec, int height, int width, int classes, double learningRate,
            long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.RELU)
                .list();
        addBody(layers, spec, height, width);
        return LeNetNetwork.withSoftmaxHead(layers, spec, height, width, classes);
    }

    /** Adds the convolution blocks and dense layers; the caller adds the head and the input type. */
    static void addBody(NeuralNetConfiguration.ListBuilder layers, ModelSpec spec, int height, int width) {
        List<Integer> channels = spec.channels() == null ? List.of() : spec.channels();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a vgg model needs at least one entry in channels");
        }
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException("vgg needs images, got input " + height + "x" + width);
        }
        Activation activation = MlpNetwork.activation(spec);
        double dropout = MlpNetwork.dropout(spec);
        int mapSize = Math.min(height, width);
        for (int filters : channels) {
            for (int conv = 0; conv < 2; conv++) {
                layers.layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(filters)
                        .convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.IDENTITY).build());
                layers.layer(new BatchNormalization.Builder().build());
                layers.layer(new ActivationLayer.Builder().activation(activation).build());
            }
            if (mapSize >= 2) {
                layers.layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX)
                        .kernelSize(2, 2).stride(2, 2).build());
                mapSize /= 2;
            }
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
