package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A network as a list of layers, for every model type: the presets expanded into the layers their
 * builders always made ({@link #of}), the vertex names those layers get ({@link #vertexNames}), and
 * a walk through the layers on a given input shape that yields each layer's output shape, the
 * parameter count and the values one example produces, with an error naming the layer
 * ({@code model.layers[3].kernel}) where a layer cannot apply ({@link #walk}). Plain arithmetic, no
 * DL4J: the orchestrator validates and costs a declared network with it before anything is built,
 * and the builders in {@code experiments.model} name vertices with it.
 *
 * <p>Vertex names: each conv or dense layer of the body is the next {@code body-<i>}; a batch norm,
 * activation, pooling or dropout layer after it is {@code body-<i>-norm}, {@code -act}, {@code -pool}
 * or {@code -drop} (a second one of a kind gets a number: {@code body-<i>-act1}). Layers after the cut
 * are {@code head-0}, {@code head-1}, …; the softmax output that ends every network is {@code head}.
 */
public final class ModelLayers {

    public static final Set<String> TYPES = SpecWord.words(LayerSpec.Type.class);
    public static final Set<String> ACTIVATIONS = Set.of("relu", "tanh", "sigmoid", "leakyrelu", "elu", "identity");

    private ModelLayers() {}

    /** The shape of what a layer outputs: a {@code channels × height × width} map, or {@code units} flat values. */
    public record Shape(boolean spatial, int channels, int height, int width) {
        public long size() {
            return (long) channels * height * width;
        }

        static Shape flat(long units) {
            return new Shape(false, (int) Math.min(Integer.MAX_VALUE, units), 1, 1);
        }
    }

    /** What a walk found: each layer's output (null from the first failing layer on), the cost, the errors. */
    public record Walk(List<Shape> outputs, long parameters, long values, List<FieldError> errors) {
        public Shape last() {
            return outputs.isEmpty() ? null : outputs.get(outputs.size() - 1);
        }
    }

    /**
     * The layers of {@code model} on inputs of {@code height × width} (the presets' choices depend on
     * the map size: LeNet pads a convolution only where a valid one would leave nothing to pool, vgg
     * pools while the map is at least 2 wide).
     */
    public static List<LayerSpec> of(ModelSpec model, int height, int width) {
        String type = model.type() == null ? "mlp" : model.type();
        List<Integer> hidden = model.hidden() == null ? List.of() : model.hidden();
        List<Integer> channels = model.channels() == null ? List.of() : model.channels();
        String activation = model.activation() == null ? "relu" : model.activation();
        double dropout = model.dropout() == null ? 0.0 : model.dropout();
        List<LayerSpec> layers = new ArrayList<>();
        switch (type) {
            case ModelSpec.LAYERS -> {
                return model.layers() == null ? List.of() : model.layers();
            }
            case "mlp" -> {
                // The first layer sees raw pixels: no dropout there.
                for (int i = 0; i < hidden.size(); i++) {
                    layers.add(LayerSpec.dense("body-" + i, hidden.get(i), activation, i > 0 ? dropout : 0.0));
                }
                return layers;
            }
            case "lenet" -> {
                int mapSize = Math.min(height, width);
                for (int i = 0; i < channels.size(); i++) {
                    // Valid (unpadded) convolutions as in the classic LeNet while the map is large enough;
                    // padding only where a valid one would leave nothing to pool. DL4J's padded mode costs
                    // about 3.6x the training time of the valid one on 28x28 (docs/BENCHMARKS.md).
                    boolean valid = mapSize - 4 >= 2;
                    layers.add(LayerSpec.conv("body-" + i, channels.get(i), 5, valid ? "valid" : "same", activation, true, 0.0));
                    layers.add(LayerSpec.maxPool("body-" + i + "-pool"));
                    mapSize = Math.max(1, ((valid ? mapSize - 4 : mapSize) + 1) / 2);
                }
                addDense(layers, hidden, channels.size(), activation, dropout);
                return layers;
            }
            case "vgg" -> {
                int mapSize = Math.min(height, width);
                int layer = 0;
                for (int filters : channels) {
                    for (int conv = 0; conv < 2; conv++, layer++) {
                        layers.add(LayerSpec.conv("body-" + layer, filters, 3, "same", "identity", false, 0.0));
                        layers.add(LayerSpec.batchNorm("body-" + layer + "-norm"));
                        layers.add(LayerSpec.activation("body-" + layer + "-act", activation));
                    }
                    if (mapSize >= 2) {
                        layers.add(LayerSpec.maxPool("body-" + (layer - 1) + "-pool"));
                        mapSize /= 2;
                    }
                }
                addDense(layers, hidden, layer, activation, dropout);
                return layers;
            }
            default -> throw new IllegalArgumentException("unknown model type '" + type + "'; available: mlp, lenet, vgg, layers");
        }
    }

    private static void addDense(List<LayerSpec> layers, List<Integer> hidden, int first, String activation, double dropout) {
        for (int i = 0; i < hidden.size(); i++) {
            layers.add(LayerSpec.dense("body-" + (first + i), hidden.get(i), activation, dropout));
        }
    }

    /** The name of layer {@code index}: its own, else {@code layer<index>}. */
    public static String nameOf(List<LayerSpec> layers, int index) {
        LayerSpec layer = layers.get(index);
        return layer != null && layer.name() != null ? layer.name() : "layer" + index;
    }

    /** Index of the last body layer: the one {@code model.cut} names, else the last; -1 if the cut names none. */
    public static int cutIndex(ModelSpec model, List<LayerSpec> layers) {
        if (model.cut() == null) {
            return layers.size() - 1;
        }
        for (int i = 0; i < layers.size(); i++) {
            if (model.cut().equals(nameOf(layers, i))) {
                return i;
            }
        }
        return -1;
    }

    /** The vertex name of every layer, as the class comment says; {@code cut} is the last body layer's index. */
    public static List<String> vertexNames(List<LayerSpec> layers, int cut) {
        List<String> names = new ArrayList<>();
        Map<String, Integer> parts = new HashMap<>();
        int body = -1;
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            if (i > cut) {
                names.add("head-" + (i - cut - 1));
            } else if (layer.weighted()) {
                names.add("body-" + ++body);
            } else {
                if (body < 0) {
                    throw new IllegalArgumentException("layer '" + nameOf(layers, i) + "' comes before any conv or dense layer");
                }
                String part = "body-" + body + "-" + role(layer);
                int seen = parts.merge(part, 1, Integer::sum);
                names.add(seen == 1 ? part : part + (seen - 1));
            }
        }
        return names;
    }

    /**
     * The vertex of the layer named {@code layerName} in {@code model} on inputs of {@code height × width}
     * (a declared layer's {@code name}, or a preset layer's vertex name), or null when no layer has that name.
     */
    public static String vertexOf(ModelSpec model, int height, int width, String layerName) {
        List<LayerSpec> layers = of(model, height, width);
        int cut = cutIndex(model, layers);
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i) != null && nameOf(layers, i).equals(layerName)) {
                return vertexNames(layers, cut < 0 ? layers.size() - 1 : cut).get(i);
            }
        }
        return null;
    }

    private static String role(LayerSpec layer) {
        return switch (layer.kind()) {
            case BATCHNORM -> "norm";
            case ACTIVATION -> "act";
            case POOL -> "pool";
            case DROPOUT -> "drop";
            case CONV, DENSE -> throw new IllegalArgumentException("a " + layer.type() + " layer is a body layer of its own");
        };
    }

    /**
     * Walks {@code layers} from an input of {@code channels × height × width}, checking every field a
     * layer uses; {@code field} is the list's path in the spec ({@code model.layers}), {@code limits}
     * bound the filters and units of one layer (null: unbounded). DL4J's arithmetic: a valid convolution or pooling
     * gives {@code floor((n − k) / s) + 1}, a padded ("same") one {@code ceil(n / s)}.
     */
    public static Walk walk(List<LayerSpec> layers, String field, int channels, int height, int width, SpecLimits limits) {
        List<FieldError> errors = new ArrayList<>();
        List<Shape> outputs = new ArrayList<>();
        Shape in = height > 1 || channels > 1 ? new Shape(true, channels, height, width) : Shape.flat((long) channels * height * width);
        double parameters = 0;
        double values = in.size();
        Set<String> names = new HashSet<>();
        int maxChannels = limits == null ? Integer.MAX_VALUE : limits.maxChannels();
        int maxUnits = limits == null ? Integer.MAX_VALUE : limits.maxLayerWidth();
        for (int i = 0; i < layers.size(); i++) {
            String at = field + "[" + i + "]";
            LayerSpec layer = layers.get(i);
            if (layer == null) {
                errors.add(new FieldError(at, "a layer needs at least a type; available: " + sorted(TYPES)));
                return new Walk(outputs, saturate(parameters), saturate(values), errors);
            }
            if (!names.add(nameOf(layers, i))) {
                errors.add(new FieldError(at + ".name", "the name '" + nameOf(layers, i) + "' is used by an earlier layer"));
            }
            if (layer.type() == null || !TYPES.contains(layer.type())) {
                errors.add(new FieldError(at + ".type", "unknown layer type '" + layer.type() + "'; available: " + sorted(TYPES)));
                return new Walk(outputs, saturate(parameters), saturate(values), errors);
            }
            if (layer.activation() != null && !ACTIVATIONS.contains(layer.activation())) {
                errors.add(new FieldError(at + ".activation", "unknown activation '" + layer.activation() + "'; available: "
                        + sorted(ACTIVATIONS)));
            }
            if (LayerSpec.Type.ACTIVATION.is(layer.type()) && layer.activation() == null) {
                errors.add(new FieldError(at + ".activation", "an activation layer needs its function; available: " + sorted(ACTIVATIONS)));
            }
            if (layer.dropout() != null && !(layer.dropout() >= 0 && layer.dropout() < 1)) {
                errors.add(new FieldError(at + ".dropout", "must be in [0, 1), was " + layer.dropout()));
            } else if (LayerSpec.Type.DROPOUT.is(layer.type()) && layer.dropout() == null) {
                errors.add(new FieldError(at + ".dropout", "a dropout layer needs its rate, in [0, 1)"));
            }
            Shape out;
            switch (layer.kind()) {
                case CONV, POOL -> {
                    boolean conv = layer.kind() == LayerSpec.Type.CONV;
                    if (!in.spatial()) {
                        errors.add(new FieldError(at + ".type", "a " + layer.type() + " layer needs an image input, but "
                                + (i == 0 ? "the input is flat (" + in.size() + " features)" : "the layer before it outputs flat values")));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    if (conv && (layer.filters() == null || layer.filters() <= 0 || layer.filters() > maxChannels)) {
                        errors.add(new FieldError(at + ".filters", "must be 1.." + maxChannels + ", was " + layer.filters()));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    if (conv && (layer.kernel() == null || layer.kernel().isEmpty())) {
                        errors.add(new FieldError(at + ".kernel", "a conv layer needs its kernel size, e.g. 3 or [3, 3]"));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    if (layer.padding() != null && !Set.of("valid", "same").contains(layer.padding())) {
                        errors.add(new FieldError(at + ".padding", "must be valid or same, was '" + layer.padding() + "'"));
                    }
                    if (!conv && layer.pooling() != null && !Set.of("max", "avg").contains(layer.pooling())) {
                        errors.add(new FieldError(at + ".pooling", "must be max or avg, was '" + layer.pooling() + "'"));
                    }
                    int[] k = layer.kernelSize(2);
                    int[] s = layer.strides();
                    if (k[0] <= 0 || k[1] <= 0 || (layer.kernel() != null && layer.kernel().size() > 2)) {
                        errors.add(new FieldError(at + ".kernel", "must be one or two positive sizes, was " + layer.kernel()));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    if (s[0] <= 0 || s[1] <= 0 || (layer.stride() != null && layer.stride().size() > 2)) {
                        errors.add(new FieldError(at + ".stride", "must be one or two positive sizes, was " + layer.stride()));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    int h;
                    int w;
                    if (layer.same()) {
                        h = (in.height() + s[0] - 1) / s[0];
                        w = (in.width() + s[1] - 1) / s[1];
                    } else {
                        if (k[0] > in.height() || k[1] > in.width()) {
                            errors.add(new FieldError(at + ".kernel", "a " + k[0] + "×" + k[1] + " kernel does not fit the "
                                    + in.height() + "×" + in.width() + " map it reads; use a smaller kernel, padding: same, or fewer"
                                    + " layers that shrink the map before it"));
                            return new Walk(outputs, saturate(parameters), saturate(values), errors);
                        }
                        h = (in.height() - k[0]) / s[0] + 1;
                        w = (in.width() - k[1]) / s[1] + 1;
                    }
                    int c = conv ? layer.filters() : in.channels();
                    if (conv) {
                        parameters += (double) k[0] * k[1] * in.channels() * c + (layer.biased() ? c : 0);
                    }
                    out = new Shape(true, c, h, w);
                }
                case DENSE -> {
                    if (layer.units() == null || layer.units() <= 0 || layer.units() > maxUnits) {
                        errors.add(new FieldError(at + ".units", "must be 1.." + maxUnits + ", was " + layer.units()));
                        return new Walk(outputs, saturate(parameters), saturate(values), errors);
                    }
                    parameters += (double) in.size() * layer.units() + (layer.biased() ? layer.units() : 0);
                    out = Shape.flat(layer.units());
                }
                // gamma, beta and the running mean and variance, which DL4J counts as parameters
                case BATCHNORM -> {
                    parameters += 4.0 * (in.spatial() ? in.channels() : in.size());
                    out = in;
                }
                // activation and dropout keep their input's shape
                default -> out = in;
            }
            outputs.add(out);
            values += out.size();
            in = out;
        }
        return new Walk(outputs, saturate(parameters), saturate(values), errors);
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", new java.util.TreeSet<>(names));
    }

    private static long saturate(double v) {
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) v;
    }
}
