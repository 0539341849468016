package org.transferlab.dashboard.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;

class SpecTemplatesTest {

    @Test
    void every_template_is_a_valid_spec_of_its_kind() {
        for (String kind : SpecTemplates.KINDS) {
            ExperimentSpec spec = SpecCodec.parse(SpecTemplates.yaml(kind));
            assertEquals(kind, spec.kind().wire());
        }
    }

    @Test
    void the_form_reads_and_writes_its_fields_in_the_yaml_and_keeps_the_rest() {
        String yaml = SpecTemplates.yaml("synthetic");
        SpecForm read = SpecForm.read(yaml).orElseThrow();
        assertEquals(8, read.trials());
        assertEquals("random", read.algorithm());
        String written = new SpecForm("renamed", 3, 1, 2, "random").writeInto(yaml);
        ExperimentSpec spec = SpecCodec.parse(written);
        assertEquals("renamed", spec.name());
        assertEquals(3, spec.search().trials());
        assertEquals(1, spec.search().maxConcurrent());
        assertEquals(2, spec.train().epochs());
        assertEquals("random", spec.search().algorithm());
        assertTrue(spec.search().space().containsKey("sleepMs"), "the rest of the spec stays");
        assertTrue(SpecForm.read("search: [unclosed").isEmpty());
    }
}
