package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecWordTest {

    @Test
    void a_word_is_found_only_by_its_lower_case_spelling() {
        assertEquals(Optional.of(LayerSpec.Type.BATCHNORM), SpecWord.find(LayerSpec.Type.class, "batchnorm"));
        assertEquals(Optional.empty(), SpecWord.find(LayerSpec.Type.class, "BatchNorm"));
        assertEquals(Optional.empty(), SpecWord.find(LayerSpec.Type.class, null));
        assertTrue(TrainSpec.OptimizerName.SGD.is("sgd"));
        assertFalse(TrainSpec.OptimizerName.SGD.is(null));
    }

    @Test
    void a_vocabulary_lists_its_words_sorted_as_errors_name_them() {
        assertEquals(List.of("csv", "images", "npz"), List.copyOf(SpecWord.words(DataSourceSpec.Type.class)));
        assertEquals(List.of("activation", "batchnorm", "conv", "dense", "dropout", "pool"),
                List.copyOf(SpecWord.words(LayerSpec.Type.class)));
    }

    @Test
    void the_presets_layers_spell_their_types_as_the_validator_reads_them() {
        assertEquals(LayerSpec.Type.CONV, LayerSpec.conv("c", 8, 3, "same", "relu", true, 0).kind());
        assertEquals("pool", LayerSpec.maxPool("p").type());
        assertTrue(LayerSpec.dense("d", 4, "relu", 0).weighted());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LayerSpec("x", "lstm", null, null, null, null, null, null, null, null, null).kind());
        assertEquals("unknown layer type 'lstm'", e.getMessage());
    }

    @Test
    void an_experiment_kind_reads_in_any_case_and_is_written_as_its_lower_case_word() throws Exception {
        assertEquals(ExperimentKind.GTL, ExperimentKind.parse(" GTL "));
        assertEquals(ExperimentKind.DISTILLATION, SpecCodec.parse("name: k\nkind: Distillation\n").kind());
        assertEquals(List.of("distillation", "finetune", "gtl", "synthetic"), List.copyOf(SpecWord.words(ExperimentKind.class)));
        assertEquals("\"finetune\"", new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(ExperimentKind.FINETUNE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ExperimentKind.parse("pbt"));
        assertEquals("unknown experiment kind 'pbt', expected one of finetune, gtl, distillation, synthetic", e.getMessage());
    }
}
