package org.transferlab.experiments.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.transferlab.protocol.spec.LayerSpec;

/**
 * The DL4J layer for one {@link LayerSpec}. DL4J's {@code dropOut} takes the probability of
 * keeping an input, the spec the probability of dropping it. A valid convolution or pooling is
 * DL4J's {@code Truncate} mode (PyTorch's {@code padding=0}), a padded one its {@code Same} mode
 * (PyTorch's {@code padding=k//2} for an odd kernel at stride 1).
 */
final class LayerBuilders {

    private LayerBuilders() {}

    static Layer of(LayerSpec spec) {
        return switch (spec.kind()) {
            case DENSE -> weighted(new DenseLayer.Builder().nOut(spec.units()).hasBias(spec.biased()), spec).build();
            case CONV -> {
                int[] k = spec.kernelSize(3);
                int[] s = spec.strides();
                yield weighted(new ConvolutionLayer.Builder(k[0], k[1]).stride(s[0], s[1]).nOut(spec.filters()).hasBias(spec.biased())
                        .convolutionMode(spec.same() ? ConvolutionMode.Same : ConvolutionMode.Truncate), spec).build();
            }
            case POOL -> {
                int[] k = spec.kernelSize(2);
                int[] s = spec.strides();
                SubsamplingLayer.Builder pool = new SubsamplingLayer.Builder("avg".equals(spec.pooling())
                        ? SubsamplingLayer.PoolingType.AVG : SubsamplingLayer.PoolingType.MAX).kernelSize(k[0], k[1]).stride(s[0], s[1]);
                if (spec.same()) {
                    pool.convolutionMode(ConvolutionMode.Same);
                }
                yield pool.build();
            }
            case BATCHNORM -> new BatchNormalization.Builder().build();
            case ACTIVATION -> new ActivationLayer.Builder().activation(activation(spec.activationOr("identity"))).build();
            case DROPOUT -> new DropoutLayer.Builder(1.0 - spec.dropoutOrZero()).build();
        };
    }

    /** What dense and convolution layers share: their activation (identity unless the spec names one) and input dropout. */
    private static <T extends BaseLayer.Builder<T>> T weighted(T builder, LayerSpec spec) {
        builder.activation(activation(spec.activationOr("identity")));
        if (spec.dropoutOrZero() > 0) {
            builder.dropOut(1.0 - spec.dropoutOrZero());
        }
        return builder;
    }

    static Activation activation(String name) {
        try {
            return Activation.fromString(name);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown activation '" + name + "'", e);
        }
    }
}
