package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Networks declared layer by layer in {@code model.layers}: parsed, named, walked and refused by the layer at fault. */
class DeclaredModelTest {

    private static final String CONV_NET = """
            name: declared
            data: {dataset: mnist, examplesPerClass: 5}
            model:
              cut: fc
              layers:
                - {name: conv1, type: conv, filters: 8, kernel: 3, padding: same, activation: relu}
                - {name: bn1, type: batchnorm}
                - {name: pool1, type: pool}
                - {name: conv2, type: conv, filters: 16, kernel: [5, 5], stride: 1}
                - {name: act2, type: activation, activation: relu}
                - {name: pool2, type: pool, pooling: avg}
                - {name: fc, type: dense, units: 32, activation: relu}
                - {name: drop, type: dropout, dropout: 0.25}
                - {name: hidden-head, type: dense, units: 16, activation: tanh}
            """;

    private static FieldError refused(String text) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text, SpecCostTest.LAB));
        assertEquals(1, e.errors().size(), e.errors().toString());
        return e.errors().getFirst();
    }

    @Test
    void a_declared_conv_network_parses_with_single_value_kernels_and_counts_its_body_up_to_the_cut() {
        ExperimentSpec spec = SpecCodec.parse(CONV_NET, SpecCostTest.LAB).withDefaults();
        ModelSpec model = spec.model();
        assertEquals(ModelSpec.LAYERS, model.type());
        assertEquals(List.of(3, 3), java.util.Arrays.stream(model.layers().get(0).kernelSize(0)).boxed().toList());
        assertEquals(3, model.bodyLayers(), "conv1, conv2 and fc; hidden-head is after the cut");
        assertEquals(List.of("body-0", "body-0-norm", "body-0-pool", "body-1", "body-1-act", "body-1-pool", "body-2",
                "head-0", "head-1"), ModelLayers.vertexNames(model.layers(), ModelLayers.cutIndex(model, model.layers())));
    }

    @Test
    void the_walk_follows_dl4j_shapes_and_counts_parameters() {
        ModelSpec model = SpecCodec.parse(CONV_NET, SpecCostTest.LAB).withDefaults().model();
        ModelLayers.Walk walk = ModelLayers.walk(model.layers(), "model.layers", 3, 28, 28, SpecCostTest.LAB);
        assertTrue(walk.errors().isEmpty(), walk.errors().toString());
        // 28 same→28, pool→14, 5×5 valid→10, avg pool→5, then flat
        assertEquals(new ModelLayers.Shape(true, 16, 5, 5), walk.outputs().get(5));
        long expected = (3 * 3 * 3 * 8 + 8) + 4 * 8 + (5 * 5 * 8 * 16 + 16) + (16 * 5 * 5 * 32 + 32) + (32 * 16 + 16);
        assertEquals(expected, walk.parameters());
    }

    @Test
    void a_kernel_larger_than_the_map_is_refused_naming_the_layer() {
        FieldError e = refused(CONV_NET.replace("kernel: [5, 5]", "kernel: [15, 15]"));
        assertEquals("model.layers[3].kernel", e.field());
        assertTrue(e.message().contains("15×15 kernel does not fit the 14×14 map"), e.message());
    }

    @Test
    void each_bad_field_names_its_layer() {
        assertEquals("model.layers[1].type", refused(CONV_NET.replace("type: batchnorm", "type: batchnorn")).field());
        assertEquals("model.layers[6].units", refused(CONV_NET.replace("units: 32", "units: 0")).field());
        assertEquals("model.layers[0].filters", refused(CONV_NET.replace("filters: 8", "filters: 5000")).field());
        assertEquals("model.layers[4].activation", refused(CONV_NET.replace("activation: relu}\n    - {name: pool2",
                "activation: swish}\n    - {name: pool2")).field());
        assertEquals("model.layers[7].dropout", refused(CONV_NET.replace("dropout: 0.25", "dropout: 1.5")).field());
        assertEquals("model.layers[1].name", refused(CONV_NET.replace("name: bn1", "name: conv1")).field());
    }

    @Test
    void a_conv_layer_after_a_dense_one_is_refused() {
        FieldError e = refused(CONV_NET.replace("- {name: drop, type: dropout, dropout: 0.25}",
                "- {name: late, type: conv, filters: 4, kernel: 3}"));
        assertEquals("model.layers[7].type", e.field());
        assertTrue(e.message().contains("needs an image input"), e.message());
    }

    @Test
    void a_cut_that_names_no_layer_is_refused_listing_the_names() {
        FieldError e = refused(CONV_NET.replace("cut: fc", "cut: fc9"));
        assertEquals("model.cut", e.field());
        assertTrue(e.message().contains("[conv1, bn1, pool1"), e.message());
    }

    @Test
    void a_network_must_start_with_a_conv_or_dense_layer() {
        FieldError e = refused("""
                name: bad
                model:
                  layers:
                    - {type: batchnorm}
                    - {type: dense, units: 8}
                """);
        assertEquals("model.layers[0].type", e.field());
    }

    @Test
    void preset_fields_and_declared_layers_do_not_mix() {
        assertEquals("model.hidden", refused(CONV_NET.replace("cut: fc", "cut: fc\n  hidden: [10]")).field());
        assertEquals("model.layers", refused(CONV_NET.replace("cut: fc", "cut: fc\n  type: lenet")
                .replace("  cut: fc\n", "")).field());
    }

    @Test
    void a_declared_network_over_the_parameter_limit_is_refused_at_the_model() {
        FieldError e = refused(CONV_NET.replace("units: 32", "units: 8000").replace("filters: 16", "filters: 1000"));
        assertEquals("model", e.field());
        assertTrue(e.message().contains("parameters; at most 20000000"), e.message());
    }

    @Test
    void weights_need_a_known_format_and_an_absolute_path() {
        assertEquals("model.weights.format", refused(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: /tmp/body.bin}")).field());
        assertEquals("model.weights.path", refused(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: body.npz}")).field());
        assertEquals("model.weights", refused(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {format: npz}")).field());
        SpecCodec.parse(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: /tmp/body.npz, map: {conv1: features.0}}"),
                SpecCostTest.LAB);
    }

    @Test
    void an_onnx_body_is_chosen_by_its_extension_or_by_format() {
        ExperimentSpec byExtension = SpecCodec.parse(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: /bodies/Body.ONNX}"),
                SpecCostTest.LAB);
        assertEquals(WeightsSpec.ONNX, byExtension.model().weights().format());
        ExperimentSpec named = SpecCodec.parse(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: /bodies/body.bin, format: onnx}"),
                SpecCostTest.LAB);
        assertEquals(WeightsSpec.ONNX, named.model().weights().format());
        FieldError unknown = refused(CONV_NET.replace("cut: fc", "cut: fc\n  weights: {path: /bodies/body.pb}"));
        assertEquals("model.weights.format", unknown.field());
        assertTrue(unknown.message().endsWith("available: npz, safetensors, onnx, dl4j"), unknown.message());
    }

    @Test
    void presets_expand_to_the_layers_their_builders_made() {
        ModelSpec lenet = new ModelSpec("lenet", List.of(500), List.of(20, 50), "relu", 0.0).withDefaults();
        List<LayerSpec> layers = ModelLayers.of(lenet, 8, 8);
        List<LayerSpec> large = ModelLayers.of(lenet, 28, 28);
        assertEquals(List.of("valid", "same"), List.of(layers.get(0).padding(), layers.get(2).padding()),
                "8 → 4 → 2: the second convolution is padded");
        ModelLayers.Walk walk = ModelLayers.walk(large, "model", 1, 28, 28, null);
        assertEquals(ModelCost.of(lenet, 28, 28, 10).parameters(), walk.parameters() + 500 * 10 + 10);
    }

    @Test
    void before_the_orchestrator_reads_a_source_its_shape_is_unknown_and_only_shape_free_fields_are_checked() {
        String unresolved = CONV_NET.replace("data: {dataset: mnist, examplesPerClass: 5}", """
                data:
                  dataset: own
                  sources:
                    own: {type: images, path: /data/own, height: 4, width: 4, channels: 3}""");
        SpecCodec.parse(unresolved, SpecCostTest.LAB);
        assertEquals("model.layers[6].units", refused(unresolved.replace("units: 32", "units: 0")).field());
        assertEquals("data.sources.own.channels", refused(unresolved.replace("channels: 3", "channels: 2")).field());
    }
}
