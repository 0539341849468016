package org.transferlab.protocol.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * What a network of a spec costs, computed from its shape alone (nothing is built): trainable
 * parameters and an estimate of one trial's working memory. It exists so that submission can refuse
 * a model that would exhaust a worker slot (a deep, wide model once took a lab to 8.7 GB) instead
 * of letting the worker find out.
 *
 * <p>The shapes follow the builders in {@code experiments.model}: an MLP is dense layers from the
 * flattened input to a softmax head; LeNet is 5×5 convolutions (unpadded while the map is at least
 * 6 wide, padded after) each followed by 2×2 max pooling, then the dense layers; vgg is blocks of
 * two 3×3 padded convolutions with batch norm and 2×2 pooling, then the dense layers; a masked
 * autoencoder adds a decoder as wide as the body back to the input.
 *
 * <p>Memory estimate, in bytes, with 4-byte floats: {@code 4 · (4·P + 3·B·A)}, where P is the
 * parameter count (weights, their gradients and Adam's two moment estimates) and A the number of
 * values one example produces across all layers, input included, for a batch of B (each layer's
 * output is kept for back-propagation, with its gradient and one working copy). It is an estimate
 * of the order of magnitude, not a measurement; the data set and the JVM come on top.
 */
public record ModelCost(long parameters, long valuesPerExample) {

    /** The cost of {@code model} on inputs of {@code height × width} with {@code classes} outputs. */
    public static ModelCost of(ModelSpec model, int height, int width, int classes) {
        return of(model, height, width, classes, false);
    }

    /**
     * As {@link #of(ModelSpec, int, int, int)}; with {@code autoencoder} the network also has a
     * decoder back to the {@code height × width} input, as masked-autoencoder pretraining builds.
     */
    public static ModelCost of(ModelSpec model, int height, int width, int classes, boolean autoencoder) {
        return of(model, 1, height, width, classes, autoencoder);
    }

    /**
     * As {@link #of(ModelSpec, int, int, int, boolean)} on inputs of {@code channels} maps (3 for RGB).
     * A declared network ({@code model.layers}) costs what {@link ModelLayers#walk} counts, plus its head.
     */
    public static ModelCost of(ModelSpec model, int channels, int height, int width, int classes, boolean autoencoder) {
        double params = 0;
        double values = (double) channels * height * width;
        double in = (double) channels * height * width;
        if (model.declared()) {
            ModelLayers.Walk walk = ModelLayers.walk(model.layers() == null ? List.of() : model.layers(), "model.layers",
                    channels, height, width, null);
            params = walk.parameters();
            values = walk.values();
            in = walk.last() == null ? in : walk.last().size();
        } else if ("lenet".equals(model.type())) {
            double channelsIn = channels;
            int map = Math.min(height, width);
            for (Integer filters : model.channels()) {
                int f = filters == null ? 0 : filters;
                boolean valid = map - 4 >= 2;
                int convolved = valid ? map - 4 : map;
                params += 25 * channelsIn * f + f;
                values += (double) f * convolved * convolved;
                map = Math.max(1, (convolved + 1) / 2);
                values += (double) f * map * map;
                channelsIn = f;
            }
            in = channelsIn * map * map;
        } else if ("vgg".equals(model.type())) {
            double channelsIn = channels;
            int map = Math.min(height, width);
            for (Integer filters : model.channels()) {
                int f = filters == null ? 0 : filters;
                // two 3×3 "same" convolutions without bias, each with batch norm (γ, β and the
                // running mean and variance DL4J counts as parameters) and an activation layer
                params += 9 * channelsIn * f + 9.0 * f * f + 2 * 4.0 * f;
                values += 2 * 3.0 * f * map * map;
                if (map >= 2) {
                    map /= 2;
                    values += (double) f * map * map;
                }
                channelsIn = f;
            }
            in = channelsIn * map * map;
        }
        List<Double> dense = new ArrayList<>();
        for (Integer h : model.hidden()) {
            dense.add(h == null ? 0.0 : h.doubleValue());
        }
        if (autoencoder) {
            for (int i = dense.size() - 2; i >= 0; i--) {
                dense.add(dense.get(i));
            }
        }
        for (double out : dense) {
            params += in * out + out;
            values += out;
            in = out;
        }
        double outputs = autoencoder ? (double) channels * height * width : classes;
        params += in * outputs + outputs;
        values += outputs;
        return new ModelCost(saturate(params), saturate(values));
    }

    /** Estimated bytes one trial training this network with batches of {@code batchSize} works with. */
    public long memoryBytes(int batchSize) {
        return saturate(4.0 * (4.0 * parameters + 3.0 * batchSize * (double) valuesPerExample));
    }

    private static long saturate(double v) {
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) v;
    }
}
