package org.transferlab.dashboard.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/** What the views' comparison block says before, without and with paired results. */
class BaselineComparisonTest {

    private static TrialView trial(int number, TrialStage stage, TrialStatus status, Double objective) {
        return new TrialView("t" + number, "e", number, stage, status, Map.of(), null, 1, Map.of(), objective, null, null, null);
    }

    private static String shown(List<TrialView> trials) {
        BaselineComparison block = new BaselineComparison("c");
        block.show(Comparison.of(trials, "val_accuracy", "max"), "best val_accuracy: 0.9000 (method: guided, trial #1)", "Waiting.");
        return block.getText();
    }

    @Test
    void a_switched_off_baseline_is_named_not_waited_for() {
        assertEquals("no automatic baseline in this experiment\nbest val_accuracy: 0.9000 (method: guided, trial #1)",
                shown(List.of(trial(1, TrialStage.GUIDED, TrialStatus.COMPLETED, 0.9))));
    }

    @Test
    void a_baseline_still_running_is_waited_for_and_a_finished_pair_is_reported() {
        assertEquals("Waiting.\nbest val_accuracy: 0.9000 (method: guided, trial #1)",
                shown(List.of(trial(1, TrialStage.GUIDED, TrialStatus.RUNNING, null), trial(2, TrialStage.BASELINE, TrialStatus.QUEUED, null))));
        String reported = shown(List.of(trial(1, TrialStage.GUIDED, TrialStatus.COMPLETED, 0.9),
                trial(2, TrialStage.BASELINE, TrialStatus.COMPLETED, 0.85)));
        assertEquals(List.of("baseline: plain fine-tune, paired by seed with the best guided configuration on val_accuracy (spec defaults)",
                "  guided − plain fine-tune (val_accuracy): +5.0 pts, 1 seed (n too small for an interval)",
                "  guided scored 5.0 pts above plain fine-tune (one seed: too few to tell)",
                "best val_accuracy: 0.9000 (method: guided, trial #1)"), reported.lines().toList());
    }
}
