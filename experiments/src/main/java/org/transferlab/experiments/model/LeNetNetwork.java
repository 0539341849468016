package org.transferlab.experiments.model;

import java.util.List;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The body of the LeNet-style CNN of a {@link ModelSpec}, a preset of declared layers
 * ({@link ModelLayers#of}): for each entry of {@code channels} a 5×5 convolution {@code body-i} with
 * that many filters and the spec's activation, followed by 2×2 max pooling with stride 2
 * ({@code body-i-pool}); then the dense {@code hidden} layers. {@link Networks} adds the softmax
 * {@code head}. Convolutions are valid (unpadded) as in the classic LeNet while the map stays large
 * enough and padded ("same") after that, so one spec runs on 28×28 images (28 → 24 → 12 → 8 → 4)
 * and on sklearn's 8×8 digits (8 → 4 → 2, then padded 2 → 1). Dropout, when set, applies to the
 * inputs of the dense layers and the head, never to pixels or convolutions.
 */
public final class LeNetNetwork {

    private LeNetNetwork() {}

    /** Adds the convolution blocks and dense layers; the caller adds the head. */
    static void addBody(LayerChain chain, ModelSpec spec, int height, int width) {
        requireImages("lenet", spec.channels() == null ? List.of() : spec.channels(), height, width);
        var layers = ModelLayers.of(spec, height, width);
        Networks.addLayers(chain, layers, layers.size() - 1, null);
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
