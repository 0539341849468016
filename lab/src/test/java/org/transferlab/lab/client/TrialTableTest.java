package org.transferlab.lab.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

class TrialTableTest {

    @Test
    void the_held_out_test_value_stands_labelled_beside_the_selection_metric_and_does_not_rank() {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ExperimentView e = new ExperimentView("exp-1", "n", "finetune", ExperimentStatus.COMPLETED, t0, t0, "val_accuracy", "max",
                3, 3, 0, 0.8, "t1", null, null);
        TrialView selected = trial("t1", 1, 0.8, Map.of("test_accuracy", 0.61, "test_loss", 1.2), TrialStatus.COMPLETED);
        TrialView betterOnTest = trial("t2", 2, 0.7, Map.of("test_accuracy", 0.9), TrialStatus.COMPLETED);
        TrialView running = trial("t3", 3, null, Map.of(), TrialStatus.RUNNING);

        List<String> lines = TrialTable.render(List.of(betterOnTest, running, selected), e).lines().toList();

        assertTrue(lines.get(0).matches("TRIAL\\s+STAGE\\s+STATUS\\s+EPOCHS\\s+VAL_ACCURACY \\(SELECTION\\)\\s+TEST_ACCURACY \\(HELD OUT\\)\\s+PARAMS\\s+SLOT"),
                lines.get(0));
        assertTrue(lines.get(1).startsWith("#1") && lines.get(1).contains("0.8000") && lines.get(1).contains("0.6100"), lines.get(1));
        assertTrue(lines.get(2).startsWith("#2") && lines.get(2).contains("0.9000"), "ranked by validation, not by test: " + lines);
        assertTrue(lines.get(3).matches("#3\\s+finetune\\s+RUNNING\\s+1\\s+-\\s+-\\s+.*"), "no test value before the end: " + lines.get(3));
        assertEquals(4, lines.size());
    }

    private static TrialView trial(String id, int number, Double objective, Map<String, Double> test, TrialStatus status) {
        return new TrialView(id, "exp-1", number, TrialStage.FINETUNE, status, Map.of("lr", 0.01), "s1", 1,
                objective == null ? Map.of() : Map.of("val_accuracy", objective), objective, null, null, null, 1, number,
                Map.of(), Map.of(), test);
    }
}
