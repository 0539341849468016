package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SpecCodecTest {

    private static final String GOOD = """
            name: demo
            kind: finetune
            seed: 7
            data:
              dataset: mnist
              examplesPerClass: 20
            model:
              hidden: [64, 32]
            search:
              algorithm: random
              trials: 4
              space:
                learningRate: {type: loguniform, min: 1.0e-4, max: 1.0e-2}
                frozenLayers: {type: choice, values: [0, 1, 2]}
            """;

    @Test
    void yaml_spec_parses_and_fills_defaults() {
        ExperimentSpec spec = SpecCodec.parse(GOOD);
        assertEquals("demo", spec.name());
        assertEquals(ExperimentKind.FINETUNE, spec.kind());
        assertEquals(7L, spec.seed());
        assertEquals(List.of(5, 6, 7, 8, 9), spec.data().targetClasses());
        assertEquals(List.of(64, 32), spec.model().hidden());
        assertEquals("val_accuracy", spec.objective().metric());
        assertEquals(2, spec.search().space().size());
    }

    @Test
    void json_spec_parses_too() {
        ExperimentSpec spec = SpecCodec.parse("{\"name\":\"j\",\"search\":{\"trials\":2}}");
        assertEquals("j", spec.name());
        assertEquals(2, spec.search().trials());
    }

    @Test
    void spec_round_trips_through_yaml() {
        ExperimentSpec spec = SpecCodec.parse(GOOD);
        assertEquals(spec, SpecCodec.parse(SpecCodec.toYaml(spec)));
    }

    @Test
    void unknown_field_is_named_with_its_path() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse("name: x\nmodel:\n  hiden: [3]\n"));
        assertEquals("model.hiden", e.errors().getFirst().field());
    }

    @Test
    void wrong_type_is_named_with_its_path() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> SpecCodec.parse("name: x\nsearch:\n  trials: many\n"));
        assertEquals("search.trials", e.errors().getFirst().field());
    }

    @Test
    void impossible_search_space_is_refused() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse("""
                name: x
                search:
                  space:
                    learningRate: {type: loguniform, min: 0.1, max: 0.01}
                """));
        assertEquals("search.space.learningRate", e.errors().getFirst().field());
        assertTrue(e.getMessage().contains("greater than max"));
    }

    @Test
    void unknown_dataset_and_frozen_depth_beyond_body_are_both_reported() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse("""
                name: x
                data: {dataset: cifar}
                model: {hidden: [10]}
                train: {frozenLayers: 3}
                """));
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.contains("data.dataset"), fields.toString());
        assertTrue(fields.contains("train.frozenLayers"), fields.toString());
    }

    @Test
    void empty_and_malformed_text_are_refused() {
        assertThrows(InvalidSpecException.class, () -> SpecCodec.parse("  "));
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse("name: [unclosed"));
        assertEquals("name", e.errors().getFirst().field());
    }

    @Test
    void a_recorded_spec_reads_back_even_if_it_breaks_a_rule_added_since() {
        ExperimentSpec accepted = SpecCodec.parse(GOOD);
        java.util.Map<String, ParamSpec> space = new java.util.LinkedHashMap<>(accepted.search().space());
        space.put("batchSize", new ParamSpec("int", 0.0, 8.0, null, null));
        SearchSpec search = new SearchSpec("random", 4, 2, 1, space);
        ExperimentSpec older = new ExperimentSpec(accepted.name(), accepted.kind(), accepted.seed(), accepted.data(), accepted.model(),
                accepted.pretrain(), accepted.train(), search, accepted.scheduler(), accepted.gtl(), accepted.distill(),
                accepted.limits(), accepted.objective());
        String recorded = SpecCodec.toYaml(older);
        assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(recorded));
        assertEquals(older, SpecCodec.readAccepted(recorded));
    }
}
