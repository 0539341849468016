package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.nd4j.linalg.activations.Activation;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * A small VGG-style body with batch norm, the kind of conv body transfer experiments use: for each
 * entry of {@code channels} a block of two 3×3 "same" convolutions with that many filters, each
 * ({@code body-i}) followed by batch normalisation ({@code body-i-norm}) and the spec's activation
 * ({@code body-i-act}), then 2×2 max pooling with stride 2 after the block's second convolution
 * ({@code body-i-pool}; skipped once the map is down to one pixel); then the dense {@code hidden}
 * layers. {@link Networks} adds the softmax {@code head} and initialises weights for ReLU. Every
 * convolution (with its batch norm and activation) and every dense layer is one body layer for
 * {@code frozenLayers}, so a block is two. Convolutions carry no bias: the batch norm after each
 * one has its own shift. Reads flat examples {@code [n, height·width]} like the others.
 */
public final class VggNetwork {

    private VggNetwork() {}

    /** Adds the convolution blocks and dense layers; the caller adds the head. */
    static void addBody(LayerChain chain, ModelSpec spec, int height, int width) {
        List<Integer> channels = spec.channels() == null ? List.of() : spec.channels();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        LeNetNetwork.requireImages("vgg", channels, height, width);
        Activation activation = MlpNetwork.activation(spec);
        int mapSize = Math.min(height, width);
        int layer = 0;
        for (int filters : channels) {
            for (int conv = 0; conv < 2; conv++, layer++) {
                chain.add(BodyLayers.name(layer), new ConvolutionLayer.Builder(3, 3).stride(1, 1).nOut(filters)
                        .convolutionMode(ConvolutionMode.Same).hasBias(false).activation(Activation.IDENTITY).build());
                chain.add(BodyLayers.part(layer, "norm"), new BatchNormalization.Builder().build());
                chain.add(BodyLayers.part(layer, "act"), new ActivationLayer.Builder().activation(activation).build());
            }
            if (mapSize >= 2) {
                chain.add(BodyLayers.part(layer - 1, "pool"), LeNetNetwork.maxPool());
                mapSize /= 2;
            }
        }
        MlpNetwork.addDense(chain, hidden, layer, activation, MlpNetwork.dropout(spec), true);
    }
}
