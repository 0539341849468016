package org.transferlab.protocol.spec;

import java.util.List;

/**
 * The network: {@code mlp} (dense hidden layers) or {@code lenet} (two convolution + pooling
 * blocks with {@code channels} filters, then the dense {@code hidden} layers). The dense layers
 * and convolution blocks form the body; the softmax head is replaced on transfer.
 */
public record ModelSpec(String type, List<Integer> hidden, List<Integer> channels, String activation, Double dropout) {

    ModelSpec withDefaults() {
        String t = type == null ? "mlp" : type;
        return new ModelSpec(
                t,
                hidden == null ? ("lenet".equals(t) ? List.of(500) : List.of(256, 128)) : List.copyOf(hidden),
                channels == null ? ("lenet".equals(t) ? List.of(20, 50) : List.of()) : List.copyOf(channels),
                activation == null ? "relu" : activation,
                dropout == null ? 0.0 : dropout);
    }

    /** Layers of the body that {@code frozenLayers} counts: conv blocks (conv + pool count as one) then dense layers. */
    public int bodyLayers() {
        return channels.size() + hidden.size();
    }
}
