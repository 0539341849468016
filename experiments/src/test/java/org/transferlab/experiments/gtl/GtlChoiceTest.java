package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.transferlab.experiments.gtl.GuideMatrix.Distance;
import org.transferlab.experiments.gtl.GuideMatrix.Normalisation;
import org.transferlab.experiments.gtl.GuideMatrix.Transform;
import org.transferlab.protocol.spec.GtlSpec.Mode;

class GtlChoiceTest {

    @Test
    void each_gtl_choice_reads_its_values_in_any_case_and_its_default_when_absent() {
        assertEquals(Distance.ABSOLUTE, Distance.parse("Absolute"));
        assertEquals(Distance.SQUARED, Distance.parse(null));
        assertEquals(Normalisation.GLOBAL, Normalisation.parse("GLOBAL"));
        assertEquals(Normalisation.TENSOR, Normalisation.parse(null));
        assertEquals(Transform.RANK, Transform.parse("rank"));
        assertEquals(Transform.NONE, Transform.parse(null));
        assertEquals(Mode.GRADIENT, GuidedUpdates.parseMode("gradient"));
        assertEquals(Mode.UPDATE, GuidedUpdates.parseMode(null));
    }

    @Test
    void an_unknown_value_is_refused_naming_the_field_and_every_accepted_value() {
        assertEquals("gtl.distance must be squared or absolute, got 'manhattan'",
                assertThrows(IllegalArgumentException.class, () -> Distance.parse("manhattan")).getMessage());
        assertEquals("gtl.transform must be none, power or rank, got 'log'",
                assertThrows(IllegalArgumentException.class, () -> Transform.parse("log")).getMessage());
        assertEquals("gtl.mode must be gradient or update, got ''",
                assertThrows(IllegalArgumentException.class, () -> GuidedUpdates.parseMode("")).getMessage());
    }
}
