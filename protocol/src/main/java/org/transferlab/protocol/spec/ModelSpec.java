package org.transferlab.protocol.spec;

import java.util.List;

/**
 * The network: {@code mlp} (dense hidden layers), {@code lenet} (a 5×5 convolution + pooling block
 * per entry of {@code channels}, then the dense {@code hidden} layers) or {@code vgg} (per entry of
 * {@code channels} two 3×3 convolutions with batch norm, then pooling; then the dense layers). The
 * dense layers and convolutions form the body; the softmax head is replaced on transfer.
 */
public record ModelSpec(String type, List<Integer> hidden, List<Integer> channels, String activation, Double dropout) {

    ModelSpec withDefaults() {
        String t = type == null ? "mlp" : type;
        return new ModelSpec(
                t,
                hidden == null ? switch (t) {
                    case "lenet" -> List.of(500);
                    case "vgg" -> List.of(256);
                    default -> List.of(256, 128);
                } : SpecLists.copy(hidden),
                channels == null ? switch (t) {
                    case "lenet" -> List.of(20, 50);
                    case "vgg" -> List.of(32, 64);
                    default -> List.<Integer>of();
                } : SpecLists.copy(channels),
                activation == null ? "relu" : activation,
                dropout == null ? 0.0 : dropout);
    }

    /**
     * Layers of the body that {@code frozenLayers} counts: convolutions (with the pooling, batch norm
     * and activation after them; a vgg block has two) then dense layers.
     */
    public int bodyLayers() {
        return ("vgg".equals(type) ? 2 : 1) * channels.size() + hidden.size();
    }
}
