package org.transferlab.client.compare;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** Which parameters the compare charts draw as categories when experiments declare them differently. */
class ComparedTrialsTest {

    private static ExperimentView experiment(String id, String space) {
        return new ExperimentView(id, id, "finetune", ExperimentStatus.COMPLETED, Instant.EPOCH, Instant.EPOCH, "val_accuracy", "max",
                1, 1, 0, 0.5, null, null, SpecCodec.parse("name: " + id + "\nkind: finetune\nsearch:\n  space:\n" + space));
    }

    private static TrialView trial(String experiment, Map<String, Object> params) {
        return new TrialView(experiment + "-t1", experiment, 1, TrialStage.FINETUNE, TrialStatus.COMPLETED, params, "slot", 3, Map.of(), 0.5,
                Instant.EPOCH, Instant.EPOCH, null);
    }

    private static ComparedTrials compared(String firstSpace, Map<String, Object> first, String secondSpace, Map<String, Object> second) {
        ComparedTrials data = new ComparedTrials();
        data.add(experiment("a", firstSpace), List.of(trial("a", first)), List.of());
        data.add(experiment("b", secondSpace), List.of(trial("b", second)), List.of());
        return data;
    }

    @Test
    void a_choice_in_every_experiment_is_categorical() {
        ComparedTrials data = compared("    frozenLayers: {type: choice, values: [0, 2]}\n", Map.of("frozenLayers", 0),
                "    frozenLayers: {type: choice, values: [1]}\n", Map.of("frozenLayers", 1));
        assertTrue(data.categorical("frozenLayers"));
    }

    @Test
    void a_parameter_one_experiment_samples_from_a_range_stays_numeric_though_another_lists_choices() {
        ComparedTrials data = compared("    learningRate: {type: loguniform, min: 1.0e-4, max: 3.0e-2}\n", Map.of("learningRate", 0.026554893325919406),
                "    learningRate: {type: choice, values: [0.0003, 0.001]}\n", Map.of("learningRate", 0.001));
        assertFalse(data.categorical("learningRate"), "sampled values would each become a category label");
    }

    @Test
    void a_non_numeric_value_is_categorical_whatever_the_spaces_say() {
        ComparedTrials data = compared("    learningRate: {type: uniform, min: 0.001, max: 0.01}\n", Map.of("device", "cpu"),
                "    learningRate: {type: uniform, min: 0.001, max: 0.01}\n", Map.of("device", "cuda:0"));
        assertTrue(data.categorical("device"));
    }
}
