package org.transferlab.protocol.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ObjectiveSpecValidationTest {

    private static List<FieldError> errors(String objectiveAndScheduler) {
        String yaml = """
                name: mo
                kind: synthetic
                search:
                  algorithm: tpe
                  trials: 8
                  space:
                    x: {type: uniform, min: -1, max: 1}
                """ + objectiveAndScheduler;
        return SpecValidator.validate(SpecCodec.readAccepted(yaml));
    }

    private static boolean names(List<FieldError> errors, String field, String words) {
        return errors.stream().anyMatch(e -> e.field().equals(field) && e.message().contains(words));
    }

    @Test
    void a_two_metric_objective_is_valid_and_its_first_metric_is_the_headline() {
        String yaml = """
                objective:
                  metrics: [{metric: val_accuracy, mode: max}, {metric: params, mode: min}]
                """;
        assertEquals(List.of(), errors(yaml));
        ExperimentSpec spec = SpecCodec.readAccepted("name: mo\nkind: synthetic\n" + yaml);
        assertTrue(spec.objective().multi());
        assertEquals("val_accuracy", spec.objective().metric());
        assertEquals("max", spec.objective().mode());
        assertEquals("min", spec.objective().goals().get(1).mode());
    }

    @Test
    void a_missing_mode_defaults_to_max_and_the_single_objective_form_is_unchanged() {
        ExperimentSpec spec = SpecCodec.readAccepted("name: s\nkind: synthetic\nobjective: {metric: val_loss, mode: min}\n");
        assertEquals(List.of(new ObjectiveSpec.Goal("val_loss", "min")), spec.objective().goals());
        ExperimentSpec multi = SpecCodec.readAccepted("name: m\nkind: synthetic\nobjective:\n  metrics: [{metric: val_accuracy}, {metric: inference_ms, mode: min}]\n");
        assertEquals("max", multi.objective().goals().getFirst().mode());
    }

    @Test
    void unknown_duplicate_and_test_split_metrics_are_refused_with_their_path() {
        List<FieldError> e = errors("""
                objective:
                  metrics: [{metric: val_accuracy, mode: max}, {metric: flops, mode: min}, {metric: val_accuracy, mode: up}, {metric: test_accuracy}]
                """);
        assertTrue(names(e, "objective.metrics[1].metric", "unknown metric 'flops'"), e.toString());
        assertTrue(names(e, "objective.metrics[2].metric", "already an objective"), e.toString());
        assertTrue(names(e, "objective.metrics[2].mode", "must be 'max' or 'min'"), e.toString());
        assertTrue(names(e, "objective.metrics[3].metric", "held-out test split"), e.toString());
        assertTrue(names(errors("objective: {metric: test_loss, mode: min}\n"), "objective.metric", "held-out test split"));
    }

    @Test
    void a_goal_without_a_metric_name_is_refused_with_its_path() {
        List<FieldError> e = errors("""
                objective:
                  metrics: [{mode: max}, {metric: params, mode: min}]
                """);
        assertTrue(names(e, "objective.metrics[0].metric", "name the metric"), e.toString());
    }

    @Test
    void metric_and_metrics_together_are_refused() {
        List<FieldError> e = errors("""
                objective:
                  metric: val_loss
                  mode: min
                  metrics: [{metric: val_accuracy, mode: max}, {metric: params, mode: min}]
                """);
        assertTrue(names(e, "objective.metric", "not both"), e.toString());
    }

    @Test
    void schedulers_that_stop_on_one_curve_refuse_a_multi_objective_or_final_only_objective() {
        String multi = "objective:\n  metrics: [{metric: val_accuracy, mode: max}, {metric: params, mode: min}]\n";
        assertTrue(names(errors(multi + "scheduler: {type: asha}\n"), "scheduler.type", "multi-objective"));
        assertTrue(names(errors(multi + "scheduler: {type: median}\n"), "scheduler.type", "multi-objective"));
        assertEquals(List.of(), errors(multi + "scheduler: {type: fifo}\n"));
        assertTrue(names(errors("objective: {metric: params, mode: min}\nscheduler: {type: asha}\n"), "scheduler.type", "only when a trial ends"));
    }
}
