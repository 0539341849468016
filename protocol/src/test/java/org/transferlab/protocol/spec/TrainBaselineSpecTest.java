package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code train.baseline}: on for fine-tune sweeps, off for synthetic ones, and only where it means something. */
class TrainBaselineSpecTest {

    @Test
    void fine_tune_sweeps_have_their_baseline_unless_switched_off_and_synthetic_ones_only_when_asked() {
        assertTrue(SpecCodec.parse("name: f\nkind: finetune\n").withDefaults().train().baseline());
        assertFalse(SpecCodec.parse("name: f\nkind: finetune\ntrain: {baseline: false}\n").withDefaults().train().baseline());
        assertFalse(SpecCodec.parse("name: s\nkind: synthetic\n").withDefaults().train().baseline());
        assertTrue(SpecCodec.parse("name: s\nkind: synthetic\ntrain: {baseline: true}\n").withDefaults().train().baseline());
        assertFalse(SpecCodec.parse("name: g\nkind: gtl\n").withDefaults().train().baseline(), "GTL has gtl.baseline");
    }

    @Test
    void asking_a_gtl_or_distillation_experiment_for_a_train_baseline_names_the_field_and_its_own_switch() {
        List<FieldError> gtl = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse("name: g\nkind: gtl\ntrain: {baseline: true}\n")).errors();
        assertEquals("train.baseline", gtl.getFirst().field());
        assertTrue(gtl.getFirst().message().contains("gtl.baseline"), gtl.getFirst().message());
        List<FieldError> distill = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse("name: d\nkind: distillation\ntrain: {baseline: true}\n")).errors();
        assertTrue(distill.getFirst().message().contains("distill.baseline"), distill.getFirst().message());
    }

    @Test
    void a_baseline_that_is_not_a_boolean_is_refused_with_its_path() {
        List<FieldError> errors = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse("name: f\ntrain: {baseline: sometimes}\n")).errors();
        assertEquals("train.baseline", errors.getFirst().field());
    }
}
