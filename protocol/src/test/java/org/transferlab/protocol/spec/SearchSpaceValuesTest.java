package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every value a search space can produce obeys the rule of the fixed value it overrides, and the
 * error names the exact field ({@code .min}, {@code .max}, {@code .values[i]}).
 */
class SearchSpaceValuesTest {

    private static List<String> fields(String text) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(text, SpecCostTest.LAB));
        return e.errors().stream().map(FieldError::field).toList();
    }

    private static String space(String kind, String params) {
        return "name: s\nkind: " + kind + "\nsearch:\n  space:\n" + params.indent(4);
    }

    @Test
    void a_batch_size_of_zero_from_a_range_is_refused_like_a_fixed_one() {
        assertEquals(List.of("train.batchSize"), fields("name: s\ntrain: {batchSize: 0}\n"));
        assertEquals(List.of("search.space.batchSize.min"), fields(space("finetune", "batchSize: {type: int, min: 0, max: 64}")));
        assertEquals(List.of("search.space.batchSize.values[1]"), fields(space("finetune", "batchSize: {type: choice, values: [16, 0]}")));
    }

    @Test
    void a_negative_learning_rate_range_is_refused() {
        assertEquals(List.of("search.space.learningRate.min"), fields(space("finetune", "learningRate: {type: uniform, min: -0.1, max: 0.1}")));
        assertEquals(List.of("search.space.bodyLearningRate.min", "search.space.bodyLearningRate.max"),
                fields(space("finetune", "bodyLearningRate: {type: uniform, min: -0.2, max: -0.1}")));
    }

    @Test
    void a_negative_or_too_deep_frozen_depth_is_refused() {
        assertEquals(List.of("search.space.frozenLayers.values[0]"), fields(space("finetune", "frozenLayers: {type: choice, values: [-1, 1]}")));
        assertEquals(List.of("search.space.frozenLayers.min"), fields(space("finetune", "frozenLayers: {type: int, min: -2, max: 1}")));
        assertEquals(List.of("search.space.frozenLayers.max"), fields(space("finetune", "frozenLayers: {type: int, min: 0, max: 3}")));
    }

    @Test
    void a_temperature_of_zero_or_below_is_refused() {
        assertEquals(List.of("search.space.temperature.min"), fields(space("distillation", "temperature: {type: uniform, min: 0, max: 4}")));
        assertEquals(List.of("search.space.temperature.values[2]"),
                fields(space("distillation", "temperature: {type: choice, values: [1.0, 2.0, -4.0]}")));
    }

    @Test
    void soft_and_hard_weights_that_can_both_be_zero_are_refused() {
        assertEquals(List.of("search.space.softWeight"), fields(space("distillation",
                "softWeight: {type: choice, values: [0.0, 0.5]}\nhardWeight: {type: choice, values: [0.0, 0.5]}")));
    }

    @Test
    void epochs_beyond_the_limit_are_refused_in_a_space_as_in_train() {
        assertEquals(List.of("search.space.epochs.values[0]"), fields(space("finetune", "epochs: {type: choice, values: [1000000000]}")));
        assertEquals(List.of("search.space.epochs.max"), fields(space("synthetic", "epochs: {type: int, min: 1, max: 1000000000}")));
        assertEquals(List.of("train.epochs"), fields("name: s\ntrain: {epochs: 1000000000}\n"));
    }

    @Test
    void a_whole_number_setting_refuses_fractions_and_non_numbers() {
        assertEquals(List.of("search.space.epochs.type"), fields(space("finetune", "epochs: {type: uniform, min: 1, max: 5}")));
        assertEquals(List.of("search.space.batchSize.values[0]"), fields(space("finetune", "batchSize: {type: choice, values: [12.5]}")));
        assertEquals(List.of("search.space.learningRate.values[0]"), fields(space("finetune", "learningRate: {type: choice, values: [fast]}")));
        assertEquals(List.of("search.space.x.min"), fields(space("synthetic", "x: {type: uniform, min: .nan, max: 1}")), "NaN is no bound");
    }

    @Test
    void a_quantised_range_is_judged_by_the_values_it_really_produces() {
        // 0.5, 1.5, 2.5 (3.4 is never reached): all positive
        ExperimentSpec ok = SpecCodec.parse(space("distillation", "temperature: {type: uniform, min: 0.5, max: 3.4, q: 1.0}"), SpecCostTest.LAB);
        assertEquals(1, ok.search().space().size());
        // batch sizes 8, 16, ..., 64 from a whole q
        SpecCodec.parse(space("finetune", "batchSize: {type: uniform, min: 8, max: 64, q: 8}"), SpecCostTest.LAB);
    }

    @Test
    void when_conditions_that_depend_on_each_other_are_refused_by_name() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecCodec.parse(space("synthetic", """
                x: {type: uniform, min: 0, max: 1, when: {y: [0.5]}}
                y: {type: choice, values: [0.5], when: {sleepMs: [1]}}
                sleepMs: {type: choice, values: [1], when: {x: [0.5]}}
                epochs: {type: choice, values: [1, 2]}
                """)));
        assertEquals(1, e.errors().size(), e.errors().toString());
        FieldError cycle = e.errors().getFirst();
        assertEquals("search.space.x.when", cycle.field());
        assertTrue(cycle.message().contains("x → y → sleepMs → x"), cycle.toString());
    }

    @Test
    void the_example_specs_values_all_pass() {
        SpecCodec.parse(space("finetune", """
                learningRate: {type: loguniform, min: 1.0e-4, max: 3.0e-2}
                frozenLayers: {type: choice, values: [0, 1, 2]}
                batchSize: {type: int, min: 8, max: 64, q: 8}
                epochs: {type: choice, values: [1, 5]}
                """), SpecCostTest.LAB);
        SpecCodec.parse(space("synthetic", """
                x: {type: uniform, min: -1.0, max: 1.0}
                sleepMs: {type: choice, values: [250]}
                """), SpecCostTest.LAB);
    }

    @Test
    void a_space_of_thousands_of_chained_parameters_is_refused_quickly_by_name() {
        StringBuilder params = new StringBuilder("p0: {type: choice, values: [1]}\n");
        for (int i = 1; i < 3000; i++) {
            params.append("p").append(i).append(": {type: choice, values: [1], when: {p").append(i - 1).append(": [1]}}\n");
        }
        List<String> fields = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> fields(space("synthetic", params.toString()).replace("space:", "algorithm: grid\n  space:")));
        assertEquals(3000, fields.size());
        assertEquals("search.space.p2999", fields.getLast());
    }
}
