package org.transferlab.experiments.model;

import java.util.List;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * A small VGG-style body with batch norm, the kind of conv body transfer experiments use, a preset
 * of declared layers ({@link ModelLayers#of}): for each entry of {@code channels} a block of two 3×3
 * "same" convolutions with that many filters, each ({@code body-i}) followed by batch normalisation
 * ({@code body-i-norm}) and the spec's activation ({@code body-i-act}), then 2×2 max pooling with
 * stride 2 after the block's second convolution ({@code body-i-pool}; skipped once the map is down
 * to one pixel); then the dense {@code hidden} layers. {@link Networks} adds the softmax {@code head}
 * and initialises weights for ReLU. Every convolution (with its batch norm and activation) and every
 * dense layer is one body layer for {@code frozenLayers}, so a block is two. Convolutions carry no
 * bias: the batch norm after each one has its own shift.
 */
public final class VggNetwork {

    private VggNetwork() {}

    /** Adds the convolution blocks and dense layers; the caller adds the head. */
    static void addBody(LayerChain chain, ModelSpec spec, int height, int width) {
        LeNetNetwork.requireImages("vgg", spec.channels() == null ? List.of() : spec.channels(), height, width);
        var layers = ModelLayers.of(spec, height, width);
        Networks.addLayers(chain, layers, layers.size() - 1, null);
    }
}
