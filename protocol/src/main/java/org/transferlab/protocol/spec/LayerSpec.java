package org.transferlab.protocol.spec;

import com.fasterxml.jackson.annotation.JsonFormat;
import java.util.List;

/**
 * One layer of a network declared in the spec ({@code model.layers}). {@code type} is one of
 * {@code conv}, {@code pool}, {@code batchnorm}, {@code activation}, {@code dropout} or {@code dense};
 * each reads the output of the layer before it (the first reads the input). Which fields a type uses:
 * <ul>
 *   <li>{@code conv}: {@code filters}, {@code kernel} ({@code 3} or {@code [3, 3]}), {@code stride}
 *       (default 1), {@code padding} ({@code valid}, the default, or {@code same}), {@code activation}
 *       (default {@code identity}), {@code bias} (default true), {@code dropout} on its inputs;</li>
 *   <li>{@code pool}: {@code pooling} ({@code max}, the default, or {@code avg}), {@code kernel}
 *       (default 2), {@code stride} (default the kernel);</li>
 *   <li>{@code dense}: {@code units}, {@code activation} (default {@code identity}), {@code bias},
 *       {@code dropout} on its inputs; a dense layer after a conv or pool layer reads its output flattened
 *       channel by channel, as PyTorch's {@code flatten} does;</li>
 *   <li>{@code batchnorm}: nothing (it normalises each channel, or each unit after a dense layer);</li>
 *   <li>{@code activation}: {@code activation};</li>
 *   <li>{@code dropout}: {@code dropout}, the probability of zeroing each value while training.</li>
 * </ul>
 * {@code name} is how the layer is referred to: by {@code model.cut}, by the tensors of imported
 * weights ({@code model.weights}) and in error messages; it defaults to {@code layer<i>}.
 */
public record LayerSpec(
        String name,
        String type,
        Integer units,
        Integer filters,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> kernel,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<Integer> stride,
        String padding,
        String activation,
        String pooling,
        Boolean bias,
        Double dropout) {

    /** The layers a spec may declare: what {@code type} may be. */
    public enum Type implements SpecWord { CONV, POOL, DENSE, BATCHNORM, ACTIVATION, DROPOUT }

    /** A convolution, as the presets declare them. */
    public static LayerSpec conv(String name, int filters, int kernel, String padding, String activation, boolean bias,
            double inputDropout) {
        return new LayerSpec(name, Type.CONV.word(), null, filters, List.of(kernel, kernel), List.of(1, 1), padding, activation, null,
                bias, inputDropout);
    }

    /** 2×2 max pooling with stride 2. */
    public static LayerSpec maxPool(String name) {
        return new LayerSpec(name, Type.POOL.word(), null, null, List.of(2, 2), List.of(2, 2), "valid", null, "max", null, null);
    }

    public static LayerSpec dense(String name, int units, String activation, double inputDropout) {
        return new LayerSpec(name, Type.DENSE.word(), units, null, null, null, null, activation, null, true, inputDropout);
    }

    public static LayerSpec batchNorm(String name) {
        return new LayerSpec(name, Type.BATCHNORM.word(), null, null, null, null, null, null, null, null, null);
    }

    public static LayerSpec activation(String name, String activation) {
        return new LayerSpec(name, Type.ACTIVATION.word(), null, null, null, null, null, activation, null, null, null);
    }

    /** {@code type} as a {@link Type}; a type this lab has no layer for (SpecValidator rejects it first) fails naming it. */
    public Type kind() {
        return SpecWord.find(Type.class, type).orElseThrow(() -> new IllegalArgumentException("unknown layer type '" + type + "'"));
    }

    /** Whether this is a convolution or dense layer: a body layer of its own, with weights. */
    public boolean weighted() {
        return Type.CONV.is(type) || Type.DENSE.is(type);
    }

    /** Kernel height and width: the one value for both when one is given; {@code fallback} when none. */
    public int[] kernelSize(int fallback) {
        return pair(kernel, fallback);
    }

    /** Stride, per the same rule; a pool's default stride is its kernel. */
    public int[] strides() {
        int[] k = kernelSize(2);
        return stride == null || stride.isEmpty() ? (Type.POOL.is(type) ? k : new int[] {1, 1}) : pair(stride, 1);
    }

    public boolean same() {
        return "same".equals(padding);
    }

    public String activationOr(String fallback) {
        return activation == null ? fallback : activation;
    }

    public double dropoutOrZero() {
        return dropout == null ? 0.0 : dropout;
    }

    public boolean biased() {
        return bias == null || bias;
    }

    private static int[] pair(List<Integer> values, int fallback) {
        if (values == null || values.isEmpty()) {
            return new int[] {fallback, fallback};
        }
        int first = values.get(0) == null ? 0 : values.get(0);
        int second = values.size() > 1 && values.get(1) != null ? values.get(1) : first;
        return new int[] {first, second};
    }
}
