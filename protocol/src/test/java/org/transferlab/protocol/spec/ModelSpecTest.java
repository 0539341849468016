package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ModelSpecTest {

    private static String spec(String model, String dataset) {
        return """
                name: m
                kind: finetune
                data:
                  dataset: %s
                model:
                %s
                search:
                  trials: 1
                """.formatted(dataset, model.indent(2).stripTrailing());
    }

    @Test
    void the_vgg_preset_defaults_to_two_blocks_and_counts_two_body_layers_per_block() {
        ModelSpec vgg = SpecCodec.parse(spec("type: vgg", "mnist")).model();
        assertEquals(List.of(32, 64), vgg.channels());
        assertEquals(List.of(256), vgg.hidden());
        assertEquals(5, vgg.bodyLayers(), "2 blocks x 2 convolutions + 1 dense");
        assertEquals(3, SpecCodec.parse(spec("type: lenet", "mnist")).model().bodyLayers(), "lenet: a conv per block");
    }

    @Test
    void vgg_on_tabular_data_is_refused_with_the_field_named() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse(spec("type: vgg", "iris")));
        assertEquals("model.type", e.errors().getFirst().field());
        assertTrue(e.errors().getFirst().message().startsWith("vgg needs image data"), e.errors().getFirst().message());
    }

    @Test
    void a_null_or_blank_layer_or_class_is_named_by_the_validator_not_a_crash() {
        InvalidSpecException hidden = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse(spec("hidden: [64, ~]", "mnist")));
        assertEquals("model.hidden[1]", hidden.errors().getFirst().field());
        String classes = """
                name: m
                data:
                  dataset: mnist
                  targetClasses: [5, 6, "", 8]
                search:
                  trials: 1
                """;
        InvalidSpecException target = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(classes));
        assertTrue(target.errors().stream().anyMatch(e -> e.field().equals("data.targetClasses[2]")), target.errors().toString());
    }
}
