package org.transferlab.protocol.spec;

import java.util.List;

/**
 * The network. Either a preset: {@code mlp} (dense hidden layers), {@code lenet} (a 5×5 convolution
 * + pooling block per entry of {@code channels}, then the dense {@code hidden} layers) or {@code vgg}
 * (per entry of {@code channels} two 3×3 convolutions with batch norm, then pooling; then the dense
 * layers); or type {@code layers}, the default when {@code layers} is given: the network declared
 * layer by layer ({@link LayerSpec}). Presets are layer lists too ({@link ModelLayers#of}). The
 * layers up to and including {@code cut} (default: the last one) form the body, those after it the
 * head's hidden layers; a softmax output layer with one unit per class always ends the network.
 * Transfer keeps the body and starts the head afresh, so encoder-only transfer works for any head.
 * {@code weights} loads pretrained weights into the declared layers ({@link WeightsSpec}).
 */
public record ModelSpec(String type, List<Integer> hidden, List<Integer> channels, String activation, Double dropout,
        List<LayerSpec> layers, String cut, WeightsSpec weights) {

    public static final String LAYERS = "layers";

    /** A preset, as specs before declared layers wrote it. */
    public ModelSpec(String type, List<Integer> hidden, List<Integer> channels, String activation, Double dropout) {
        this(type, hidden, channels, activation, dropout, null, null, null);
    }

    ModelSpec withDefaults() {
        String t = type == null ? (layers != null ? LAYERS : "mlp") : type;
        return new ModelSpec(
                t,
                hidden == null ? switch (t) {
                    case "lenet" -> List.of(500);
                    case "vgg" -> List.of(256);
                    case LAYERS -> List.<Integer>of();
                    default -> List.of(256, 128);
                } : SpecLists.copy(hidden),
                channels == null ? switch (t) {
                    case "lenet" -> List.of(20, 50);
                    case "vgg" -> List.of(32, 64);
                    default -> List.<Integer>of();
                } : SpecLists.copy(channels),
                activation == null ? "relu" : activation,
                dropout == null ? 0.0 : dropout,
                layers == null ? null : SpecLists.copy(layers),
                cut,
                weights == null ? null : weights.withDefaults());
    }

    /**
     * The same network {@code width} times as wide, as MobileNet's width multiplier α (Howard et al.,
     * 2017) thins a network: every hidden dense layer's units and every convolution's filters become
     * {@code max(1, round(width × n))}; kernels, strides, pooling, depth, layer names and the output
     * layer stay. Width 1 is this network. A distillation student's {@code width} parameter sizes the
     * student and its from-scratch twin this way.
     */
    public ModelSpec widened(double width) {
        if (width == 1.0) {
            return this;
        }
        // clamped to the int range: a width far beyond any limit is still refused by its size, never wrapped
        java.util.function.IntUnaryOperator scale = n -> (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(width * n)));
        List<LayerSpec> wideLayers = layers == null ? null : layers.stream().map(l -> l == null ? null : new LayerSpec(l.name(), l.type(),
                l.units() == null ? null : scale.applyAsInt(l.units()), l.filters() == null ? null : scale.applyAsInt(l.filters()),
                l.kernel(), l.stride(), l.padding(), l.activation(), l.pooling(), l.bias(), l.dropout())).toList();
        return new ModelSpec(type, scaled(hidden, scale), scaled(channels, scale), activation, dropout, wideLayers, cut, weights);
    }

    private static List<Integer> scaled(List<Integer> sizes, java.util.function.IntUnaryOperator scale) {
        return sizes == null ? null : sizes.stream().map(n -> n == null ? null : scale.applyAsInt(n)).toList();
    }

    /** Whether the network is declared layer by layer rather than a preset. */
    public boolean declared() {
        return LAYERS.equals(type);
    }

    /**
     * Layers of the body that {@code frozenLayers} counts: convolutions (with the pooling, batch norm
     * and activation after them; a vgg block has two) then dense layers; for a declared network its
     * conv and dense layers up to the cut.
     */
    public int bodyLayers() {
        if (declared()) {
            List<LayerSpec> all = layers == null ? List.of() : layers;
            int found = ModelLayers.cutIndex(this, all);
            int cutIndex = found < 0 ? all.size() - 1 : found;
            int count = 0;
            for (int i = 0; i <= cutIndex && i < all.size(); i++) {
                if (all.get(i) != null && all.get(i).weighted()) {
                    count++;
                }
            }
            return count;
        }
        return ("vgg".equals(type) ? 2 : 1) * channels.size() + hidden.size();
    }
}
