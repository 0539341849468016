package org.transferlab.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.view.ParetoFront;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

class ParetoTableTest {

    @Test
    void lists_only_the_non_dominated_trials_best_first_on_the_first_objective() {
        List<ObjectiveSpec.Goal> goals = List.of(new ObjectiveSpec.Goal("val_accuracy", "max"), new ObjectiveSpec.Goal("params", "min"));
        ParetoFront front = ParetoFront.of(List.of(
                trial(1, 0.80, 200), trial(2, 0.70, 900), trial(3, 0.95, 5000), trial(4, 0.85, 1000)), goals);

        List<String> lines = ParetoTable.render(front).lines().toList();

        assertEquals("Pareto front (max val_accuracy, min params): 3 of 4 trials", lines.get(0));
        assertTrue(lines.get(1).matches("TRIAL\\s+VAL_ACCURACY \\(MAX\\)\\s+PARAMS \\(MIN\\)\\s+PARAMETERS"), lines.get(1));
        assertTrue(lines.get(2).matches("#3\\s+0\\.95\\s+5000\\s+width=3"), lines.get(2));
        assertTrue(lines.get(3).startsWith("#4"), lines.toString());
        assertTrue(lines.get(4).startsWith("#1"), lines.toString());
        assertEquals(5, lines.size(), "the dominated trial #2 is not listed: " + lines);
    }

    private static TrialView trial(int number, double accuracy, double params) {
        return new TrialView("t" + number, "e", number, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, Map.of("width", number), null, 2,
                Map.of("val_accuracy", accuracy, "params", params), accuracy, null, null, null);
    }

    @Test
    void a_distillation_front_lists_each_students_twin_and_its_gain_on_validation_and_test() {
        List<ObjectiveSpec.Goal> goals = List.of(new ObjectiveSpec.Goal("val_accuracy", "max"), new ObjectiveSpec.Goal("params", "min"));
        ParetoFront front = ParetoFront.of(List.of(
                kd(1, TrialStage.STUDENT, 0.5, 0.83, 100, 0.82),
                kd(2, TrialStage.SCRATCH, 0.5, 0.80, 100, 0.80),
                kd(3, TrialStage.STUDENT, 2.0, 0.90, 400, 0.885),
                kd(4, TrialStage.SCRATCH, 2.0, 0.905, 400, 0.89)), goals);

        List<String> lines = ParetoTable.render(front).lines().toList();

        assertEquals("Pareto front (max val_accuracy, min params): 2 of 2 trials", lines.get(0));
        assertEquals("gain: each trial − its twin, the student from scratch with the same parameters but the method's own, on "
                + "val_accuracy; test_accuracy is held out, never selected on", lines.get(1));
        assertTrue(lines.get(2).matches("TRIAL\\s+VAL_ACCURACY \\(MAX\\)\\s+PARAMS \\(MIN\\)\\s+TWIN\\s+TWIN VAL_ACCURACY\\s+GAIN"
                + "\\s+TEST GAIN \\(TEST_ACCURACY\\)\\s+PARAMETERS"), lines.get(2));
        assertTrue(lines.get(3).matches("#3\\s+0\\.9\\s+400\\s+#4\\s+0\\.905\\s+-0\\.50 pts\\s+-0\\.50 pts\\s+seed=7 width=2"),
                lines.get(3));
        assertTrue(lines.get(4).matches("#1\\s+0\\.83\\s+100\\s+#2\\s+0\\.8\\s+\\+3\\.0 pts\\s+\\+2\\.0 pts\\s+seed=7 width=0\\.5"),
                lines.get(4));
    }

    private static TrialView kd(int number, TrialStage stage, double width, double accuracy, double params, double testAccuracy) {
        return new TrialView("t" + number, "e", number, stage, TrialStatus.COMPLETED, new java.util.TreeMap<>(Map.of("width", width,
                "seed", 7)), null, 2, Map.of("val_accuracy", accuracy, "params", params), accuracy, null, null, null, 1, null, Map.of(),
                Map.of(), Map.of("test_accuracy", testAccuracy));
    }
}
