package org.transferlab.experiments.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.convolution.subsampling.SubsamplingLayer;
import org.deeplearning4j.nn.layers.normalization.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.transferlab.experiments.model.LeNetNetworkTest;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The oneDNN layer helpers that {@link NativeVariant} switches on compute what DL4J's own
 * convolution, pooling and batch-norm code computes: the same network, built once with helpers
 * and once without, gives the same loss, activations and gradient for every parameter. The test
 * JVM loads the build a lab on this machine would ({@link NativeVariantSession}); on x86-64 Linux
 * that build has oneDNN, so the helpers must actually be in place.
 */
class OneDnnHelpersTest {

    private static final ModelSpec TINY_VGG = new ModelSpec("vgg", List.of(12), List.of(4, 6), "relu", 0.0);

    @Test
    void the_chosen_native_build_has_onednn_and_networks_get_the_helpers_by_default() {
        ComputationGraph network = Networks.build(TINY_VGG, 28, 28, 10, 1e-3, 42);
        String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertTrue(buildInfo.contains("HAVE_ONEDNN"), "the native build this machine loads should carry oneDNN: " + buildInfo);
        assertTrue(org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseMKLDNN(),
                "DL4J's helper check must see oneDNN through the bridge class");
        for (Layer layer : network.getLayers()) {
            if (layer instanceof ConvolutionLayer || layer instanceof SubsamplingLayer || layer instanceof BatchNormalization) {
                assertNotNull(layer.getHelper(), layer.getClass().getSimpleName() + " has no oneDNN helper");
            }
        }
        for (Layer layer : build(TINY_VGG, false).getLayers()) {
            assertNull(layer.getHelper(), "helpers off should mean DL4J's own code");
        }
    }

    @Test
    void vgg_with_batch_norm_gives_the_same_loss_and_gradients_with_and_without_helpers() {
        assertSameGradients(TINY_VGG);
    }

    @Test
    void lenet_gives_the_same_loss_and_gradients_with_and_without_helpers() {
        assertSameGradients(LeNetNetworkTest.TINY_LENET);
    }

    @Test
    void training_steps_stay_together_with_and_without_helpers() {
        DataSet batch = LeNetNetworkTest.randomImages(16, 28 * 28, 10, 3);
        ComputationGraph withHelpers = build(TINY_VGG, true);
        ComputationGraph builtIn = build(TINY_VGG, false);
        for (int step = 0; step < 5; step++) {
            withHelpers.fit(batch);
            builtIn.fit(batch);
        }
        assertClose(builtIn.params(), withHelpers.params(), 1e-3, "parameters after 5 Adam steps");
    }

    private static void assertSameGradients(ModelSpec spec) {
        DataSet batch = LeNetNetworkTest.randomImages(8, 28 * 28, 10, 7);
        ComputationGraph withHelpers = build(spec, true);
        ComputationGraph builtIn = build(spec, false);
        assertEquals(builtIn.params(), withHelpers.params(), "same seed, same initial weights");

        assertClose(builtIn.outputSingle(true, batch.getFeatures()), withHelpers.outputSingle(true, batch.getFeatures()), 1e-4,
                "training-mode output");
        Map<String, INDArray> expected = gradient(builtIn, batch);
        Map<String, INDArray> actual = gradient(withHelpers, batch);
        assertEquals(builtIn.score(), withHelpers.score(), 1e-5, "loss");
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertClose(expected.get(name), actual.get(name), 1e-3, "gradient of " + name);
        }
    }

    private static Map<String, INDArray> gradient(ComputationGraph network, DataSet batch) {
        network.setInput(0, batch.getFeatures());
        network.setLabel(0, batch.getLabels());
        network.computeGradientAndScore();
        Gradient gradient = network.gradient();
        return Map.copyOf(gradient.gradientForVariable());
    }

    /** Elementwise |a − b| ≤ tol · max(1, max|a|): float32 sums in another order differ in the last bits. */
    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(Arrays.toString(expected.shape()), Arrays.toString(actual.shape()), what + " shape");
        double scale = Math.max(1.0, expected.amaxNumber().doubleValue());
        double worst = expected.sub(actual).amaxNumber().doubleValue();
        assertTrue(worst <= tolerance * scale, what + ": largest difference " + worst + " (scale " + scale + ")");
    }

    private static ComputationGraph build(ModelSpec spec, boolean helpers) {
        return withHelpers(helpers, () -> Networks.build(spec, 28, 28, 10, 1e-3, 42));
    }

    /** DL4J reads the helper switch when each layer is created, so it can differ per network. */
    private static <T> T withHelpers(boolean on, Supplier<T> build) {
        String before = System.getProperty(NativeVariant.HELPERS_DISABLE_PROPERTY);
        System.setProperty(NativeVariant.HELPERS_DISABLE_PROPERTY, Boolean.toString(!on));
        try {
            return build.get();
        } finally {
            if (before == null) {
                System.clearProperty(NativeVariant.HELPERS_DISABLE_PROPERTY);
            } else {
                System.setProperty(NativeVariant.HELPERS_DISABLE_PROPERTY, before);
            }
        }
    }
}
