package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceParamTest {

    static List<FieldError> validate(String device) {
        try {
            SpecCodec.parse("""
                name: d
                kind: synthetic
                search:
                  space:
                    x: {type: uniform, min: 0, max: 1}
                    device: %s
                """.formatted(device));
            return List.of();
        } catch (InvalidSpecException e) {
            return e.errors();
        }
    }

    @Test
    void any_kind_of_trial_may_ask_for_a_gpu_or_cpu_slot() {
        assertEquals(List.of(), validate("{type: choice, values: [gpu]}"));
        assertEquals(List.of(), validate("{type: choice, values: [cpu, any]}"));
    }

    @Test
    void an_unknown_device_names_the_field_and_the_choices() {
        List<FieldError> errors = validate("{type: choice, values: [tpu]}");
        assertEquals("search.space.device", errors.getFirst().field());
        assertTrue(errors.getFirst().message().contains("[any, cpu, gpu]"), errors.getFirst().message());
        assertEquals("search.space.device", validate("{type: uniform, min: 0, max: 1}").getFirst().field());
    }
}
