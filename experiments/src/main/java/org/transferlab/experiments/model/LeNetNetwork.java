package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The body of the LeNet-style CNN of a {@link ModelSpec}: for each entry of {@code channels} a 5×5
 * convolution {@code body-i} with that many filters and the spec's activation, followed by 2×2 max
 * pooling with stride 2 ({@code body-i-pool}); then the dense {@code hidden} layers. {@link Networks}
 * adds the softmax {@code head} (multi-class cross-entropy, Adam, Xavier weights). Convolutions are
 * valid (unpadded) as in the classic LeNet while the map stays large enough and padded ("same")
 * after that, so one spec runs on 28×28 images (28 → 24 → 12 → 8 → 4) and on sklearn's 8×8 digits
 * (8 → 4 → 2, then padded 2 → 1). The network reads flat examples {@code [n, height·width]}, like
 * the MLP, and reshapes them itself. Dropout, when set, applies to the inputs of the dense layers
 * and the head, never to pixels or convolutions.
 */
public final class LeNetNetwork {

    private LeNetNetwork() {}

    /** Adds the convolution blocks and dense layers; the caller adds the head. */
    static void addBody(LayerChain chain, ModelSpec spec, int height, int width) {
        List<Integer> channels = spec.channels() == null ? List.of() : spec.channels();
        List<Integer> hidden = spec.hidden() == null ? List.of() : spec.hidden();
        requireImages("lenet", channels, height, width);
        Activation activation = MlpNetwork.activation(spec);
        int mapSize = Math.min(height, width);
        for (int i = 0; i < channels.size(); i++) {
            // Valid (unpadded) convolutions as in the classic LeNet while the map is large enough;
            // padding only where a valid one would leave nothing to pool. DL4J's padded mode costs
            // about 3.6x the training time of the valid one on 28x28 (docs/BENCHMARKS.md).
            boolean valid = mapSize - 4 >= 2;
            chain.add(BodyLayers.name(i), new ConvolutionLayer.Builder(5, 5).stride(1, 1).nOut(channels.get(i))
                    .activation(activation)
                    .convolutionMode(valid ? ConvolutionMode.Truncate : ConvolutionMode.Same).build());
            chain.add(BodyLayers.part(i, "pool"), maxPool());
            mapSize = Math.max(1, ((valid ? mapSize - 4 : mapSize) + 1) / 2);
        }
        MlpNetwork.addDense(chain, hidden, channels.size(), activation, MlpNetwork.dropout(spec), true);
    }

    static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }

    static void requireImages(String type, List<Integer> channels, int height, int width) {
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("a " + type + " model needs at least one entry in channels");
        }
        if (height < 2 || width < 2) {
            throw new IllegalArgumentException(type + " needs images, got input " + height + "x" + width);
        }
    }
}
