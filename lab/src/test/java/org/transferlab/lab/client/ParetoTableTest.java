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
}
