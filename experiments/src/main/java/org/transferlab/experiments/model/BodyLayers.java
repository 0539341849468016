package org.transferlab.experiments.model;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * How the body layers a spec counts ({@code ModelSpec.bodyLayers()}: each convolution with the
 * pooling, batch norm and activation layers after it counts as one, each dense hidden layer as one; the output layer is the head) map onto a
 * DL4J network's layer indices. Read from the network itself, so it works for any body artifact.
 */
public final class BodyLayers {

    private BodyLayers() {}

    /** Body layers of {@code network}: convolutions plus dense layers, frozen or not, before the head. */
    public static int count(MultiLayerNetwork network) {
        int count = 0;
        for (int i = 0; i < network.getnLayers() - 1; i++) {
            Layer layer = unwrapped(network, i);
            if (layer instanceof ConvolutionLayer || layer instanceof DenseLayer) {
                count++;
            }
        }
        return count;
    }

    /**
     * The DL4J index of the last layer that belongs to the first {@code bodyLayers} body layers
     * (a convolution's pooling layer included), or -1 for none.
     */
    public static int lastIndexOf(MultiLayerNetwork network, int bodyLayers) {
        int total = count(network);
        if (bodyLayers < 0 || bodyLayers > total) {
            throw new IllegalArgumentException("the body has " + total + " layers; cannot take " + bodyLayers);
        }
        int seen = 0;
        int last = -1;
        for (int i = 0; i < network.getnLayers() - 1; i++) {
            Layer layer = unwrapped(network, i);
            if (layer instanceof ConvolutionLayer || layer instanceof DenseLayer) {
                if (seen == bodyLayers) {
                    return last;
                }
                seen++;
                last = i;
            } else if (attachedToPrevious(layer) && seen > 0) {
                last = i;
            }
        }
        return last;
    }

    /** Features per example the network reads (flat), from its first layer or input reshaping. */
    public static long inputs(MultiLayerNetwork network) {
        if (network.getLayerWiseConfigurations().getInputPreProcess(0) instanceof FeedForwardToCnnPreProcessor cnn) {
            return cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels();
        }
        Layer first = unwrapped(network, 0);
        if (first instanceof FeedForwardLayer dense) {
            return dense.getNIn();
        }
        throw new IllegalArgumentException("cannot tell the input size of a network starting with "
                + first.getClass().getSimpleName());
    }

    /** Layers that belong to the convolution before them: its pooling, batch norm and activation. */
    private static boolean attachedToPrevious(Layer layer) {
        return layer instanceof SubsamplingLayer || layer instanceof BatchNormalization || layer instanceof ActivationLayer;
    }

    static Layer unwrapped(MultiLayerNetwork network, int index) {
        Layer layer = network.getLayerWiseConfigurations().getConf(index).getLayer();
        return layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
    }
}
