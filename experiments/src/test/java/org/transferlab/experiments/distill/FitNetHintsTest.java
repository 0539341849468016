package org.transferlab.experiments.distill;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.TrialConfig;

/**
 * FitNet's hint stage on tiny networks with seeded random images, in the style of DL4J's layer tests:
 * the regressor is the paper's (a convolution that maps the guided map onto the hint's size and
 * channels, a dense layer otherwise), training lowers the hint loss, and only the student's layers up
 * to the guided one change.
 */
class FitNetHintsTest {

    private static ModelSpec declared(int filters1, int filters2) {
        return new ModelSpec("layers", List.of(), List.of(), "relu", 0.0, List.of(
                LayerSpec.conv("c1", filters1, 3, "valid", "relu", true, 0.0),
                LayerSpec.maxPool("p1"),
                LayerSpec.conv("c2", filters2, 3, "valid", "relu", true, 0.0),
                LayerSpec.dense("fc", 8, "relu", 0.0)), null, null);
    }

    private static final ComputationGraph TEACHER = Networks.build(declared(6, 8), 1, 12, 12, 3, 1e-3, 1);
    private static final INDArray IMAGES = Nd4j.rand(DataType.FLOAT, 64, 144);

    @Test
    void a_conv_guided_layer_gets_a_conv_regressor_onto_the_hints_size_and_channels() {
        ComputationGraph student = Networks.build(declared(2, 3), 1, 12, 12, 3, 1e-3, 2);
        // student body-0: 2×10×10; teacher hint body-1: 8×3×3 -> a 8×8 kernel, 2 -> 8 channels, the hint's ReLU
        FitNetHints hints = new FitNetHints(TEACHER, new TrialConfig.Hints("body-1", "body-0", 1, 1e-3));
        ComputationGraph stage = hints.hintNetwork(student, IMAGES, 3);
        ConvolutionLayer regressor = (ConvolutionLayer) BodyLayers.layer(stage, FitNetHints.REGRESSOR);
        assertArrayEquals(new int[] {8, 8}, regressor.getKernelSize());
        assertEquals(2, regressor.getNIn());
        assertEquals(8, regressor.getNOut());
        assertTrue(regressor.getActivationFn() instanceof ActivationReLU, "the hint's non-linearity");
        assertEquals(List.of(FitNetHints.LOSS), stage.getConfiguration().getNetworkOutputs());
        assertEquals(List.of(BodyLayers.INPUT, "body-0", FitNetHints.REGRESSOR, FitNetHints.LOSS), BodyLayers.order(stage),
                "the student is cut after its guided layer");
        assertEquals(hints.hint(IMAGES.getRow(0, true)).length(), stage.outputSingle(IMAGES.getRow(0, true)).length());
    }

    @Test
    void a_guided_map_smaller_than_the_hint_or_a_flat_layer_gets_a_dense_regressor() {
        ComputationGraph student = Networks.build(declared(2, 3), 1, 12, 12, 3, 1e-3, 2);
        ComputationGraph flat = new FitNetHints(TEACHER, new TrialConfig.Hints("body-2", "body-1", 1, 1e-3)).hintNetwork(student, IMAGES, 3);
        assertEquals(8, ((DenseLayer) BodyLayers.layer(flat, FitNetHints.REGRESSOR)).getNOut(), "the teacher's 8 dense units");
        ComputationGraph smaller = new FitNetHints(TEACHER, new TrialConfig.Hints("body-0", "body-1", 1, 1e-3))
                .hintNetwork(student, IMAGES, 3);
        // student body-1 is 3×3×3, the teacher's body-0 6×10×10
        assertEquals(600, ((DenseLayer) BodyLayers.layer(smaller, FitNetHints.REGRESSOR)).getNOut());
    }

    @Test
    void the_hint_stage_lowers_the_hint_loss_and_changes_only_the_layers_up_to_the_guided_one() {
        ComputationGraph student = Networks.build(declared(2, 3), 1, 12, 12, 3, 1e-3, 2);
        INDArray before0 = student.getLayer("body-0").params().dup();
        INDArray before1 = student.getLayer("body-1").params().dup();
        INDArray beforeHead = student.getLayer(BodyLayers.HEAD).params().dup();
        FitNetHints.Outcome outcome = new FitNetHints(TEACHER, new TrialConfig.Hints("body-1", "body-0", 30, 1e-2))
                .train(student, IMAGES, 16, 4);
        assertTrue(outcome.lastLoss() < 0.5 * outcome.firstLoss(), "hint loss " + outcome.firstLoss() + " -> " + outcome.lastLoss());
        assertNotEquals(before0, student.getLayer("body-0").params(), "the guided layer learned the hint");
        assertEquals(before1, student.getLayer("body-1").params(), "layers after the guided one are untouched");
        assertEquals(beforeHead, student.getLayer(BodyLayers.HEAD).params());
    }

    @Test
    void a_vertex_the_networks_do_not_have_is_refused_naming_it() {
        ComputationGraph student = Networks.build(declared(2, 3), 1, 12, 12, 3, 1e-3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FitNetHints(TEACHER, new TrialConfig.Hints("conv9", "body-0", 1, 1e-3)).hintNetwork(student, IMAGES, 3));
        assertTrue(e.getMessage().contains("'conv9'") && e.getMessage().contains("body-1"), e.getMessage());
    }
}
