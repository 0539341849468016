package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PbtSpecValidationTest {

    private static final String SWEEP = """
            name: pbt
            kind: finetune
            train: {epochs: 6, checkpointEvery: 1}
            search:
              trials: 4
              maxConcurrent: 4
              space:
                learningRate: {type: loguniform, min: 0.0001, max: 0.1}
                frozenLayers: {type: choice, values: [0, 1]}
            """;

    private static List<FieldError> errors(String yaml) {
        return SpecValidator.validate(SpecCodec.readAccepted(yaml));
    }

    private static boolean names(List<FieldError> errors, String field, String words) {
        return errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(words));
    }

    @Test
    void a_pbt_fine_tune_sweep_is_valid_and_mutates_its_searched_learning_rates_by_default() {
        String yaml = SWEEP + "scheduler: {type: pbt, perturbationInterval: 2}\n";
        assertEquals(List.of(), errors(yaml));
        SchedulerSpec s = SpecCodec.readAccepted(yaml).scheduler();
        assertEquals(List.of("learningRate"), s.mutations(), "frozenLayers is searched but cannot change mid-training");
        assertEquals(0.25, s.quantile());
        assertEquals(0.25, s.resampleProbability());
        assertEquals(List.of(0.8, 1.2), s.perturbFactors());
        assertEquals("perturb", s.explore(), "PBT's own explore unless the spec asks for the bandit");
        assertEquals(List.of(), errors(SWEEP + "scheduler: {type: pbt, perturbationInterval: 2, explore: bandit}\n"));
    }

    @Test
    void other_schedulers_get_no_pbt_settings() {
        SchedulerSpec s = SpecCodec.readAccepted(SWEEP + "scheduler: {type: asha}\n").scheduler();
        assertNull(s.perturbationInterval());
        assertNull(s.mutations());
        assertNull(s.explore());
    }

    @Test
    void bad_pbt_settings_are_refused_with_their_field_path() {
        List<FieldError> e = errors(SWEEP + """
                scheduler: {type: pbt, perturbationInterval: 0, quantile: 0.6, resampleProbability: 1.5, perturbFactors: [1.2, -1]}
                """);
        assertTrue(names(e, "scheduler.perturbationInterval", "at least 1"), e.toString());
        assertTrue(names(e, "scheduler.quantile", "(0, 0.5]"), e.toString());
        assertTrue(names(e, "scheduler.resampleProbability", "[0, 1]"), e.toString());
        assertTrue(names(e, "scheduler.perturbFactors[1]", "positive"), e.toString());
        assertTrue(names(errors(SWEEP + "scheduler: {type: pbt, explore: bayes}\n"), "scheduler.explore",
                "must be one of [bandit, perturb]"));
        assertTrue(names(errors(SWEEP + "scheduler: {type: pbt, perturbationInterval: 6}\n"), "scheduler.perturbationInterval",
                "leaves no epoch"));
        assertTrue(names(errors(SWEEP.replace("checkpointEvery: 1", "checkpointEvery: 2")
                + "scheduler: {type: pbt, perturbationInterval: 3}\n"), "scheduler.perturbationInterval", "multiple of train.checkpointEvery"));
    }

    @Test
    void mutating_a_parameter_that_cannot_change_mid_training_or_is_not_searched_is_refused() {
        List<FieldError> e = errors(SWEEP + "scheduler: {type: pbt, mutations: [frozenLayers, bodyLearningRate, learningRate]}\n");
        assertTrue(names(e, "scheduler.mutations[0]", "cannot change mid-training"), e.toString());
        assertTrue(names(e, "scheduler.mutations[1]", "not in search.space"), e.toString());
        assertEquals(2, e.size(), e.toString());
        List<FieldError> none = errors(SWEEP.replace("learningRate: {type: loguniform, min: 0.0001, max: 0.1}", "batchSize: {type: int, min: 8, max: 16}")
                + "scheduler: {type: pbt}\n");
        assertTrue(names(none, "scheduler.mutations", "searches none of them"), none.toString());
    }

    @Test
    void pbt_refuses_a_multi_objective_spec_an_end_only_objective_and_other_experiment_kinds() {
        assertTrue(names(errors(SWEEP + "scheduler: {type: pbt}\nobjective:\n  metrics: [{metric: val_accuracy}, {metric: params, mode: min}]\n"),
                "scheduler.type", "multi-objective"));
        assertTrue(names(errors(SWEEP + "scheduler: {type: pbt}\nobjective: {metric: inference_ms, mode: min}\n"),
                "scheduler.type", "only when a trial ends"));
        assertTrue(names(errors("""
                name: s
                kind: synthetic
                train: {epochs: 4}
                search: {space: {x: {type: uniform, min: 0, max: 1}}}
                scheduler: {type: pbt, mutations: [learningRate]}
                """), "scheduler.type", "synthetic experiment cannot use it"));
    }
}
