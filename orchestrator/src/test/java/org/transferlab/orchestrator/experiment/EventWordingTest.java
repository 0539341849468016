package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.TrialBook.Trial;
import org.transferlab.orchestrator.experiment.plan.TrialRequest;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/** The exact words people and programs read in events; a change here is a change of the product. */
class EventWordingTest {

    static Trial trial(TrialStage stage, Map<String, Object> params, Map<String, String> inputs) {
        return new TrialBook("exp").add(new TrialRequest(stage, params, inputs, null));
    }

    @Test
    void trials_are_named_by_their_stage_role_or_by_kind_and_number() {
        assertEquals("pretrain stage", EventWording.describe(trial(TrialStage.PRETRAIN, Map.of(), Map.of())));
        assertEquals("scout 2", EventWording.describe(trial(TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, 2), Map.of())));
        assertEquals("guide stage", EventWording.describe(trial(TrialStage.GUIDE, Map.of(), Map.of())));
        assertEquals("teacher", EventWording.describe(trial(TrialStage.TEACHER, Map.of(), Map.of())));
        assertEquals("finetune trial 0", EventWording.describe(trial(TrialStage.FINETUNE, Map.of(), Map.of())));
    }

    @Test
    void a_queued_trial_shows_its_parameters_and_the_roles_of_its_inputs() {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("lr", 0.01);
        assertEquals("guided trial 0 queued with {lr=0.01}, inputs [guide]",
                EventWording.queued(trial(TrialStage.GUIDED, params, Map.of("guide", "a-1"))));
        assertEquals("teacher queued", EventWording.queued(trial(TrialStage.TEACHER, Map.of(), Map.of())));
    }

    @Test
    void an_ended_sweep_trial_shows_its_objective_with_four_decimals_and_a_stage_what_it_published() {
        Trial sweep = trial(TrialStage.FINETUNE, Map.of(), Map.of());
        assertEquals("finetune trial 0 val_accuracy=0.1235 (below median)",
                EventWording.ended(sweep, "val_accuracy", 0.123456, Set.of(), "below median"));
        assertEquals("finetune trial 0 val_accuracy=n/a", EventWording.ended(sweep, "val_accuracy", null, Set.of(), null));
        assertEquals("teacher published [model]",
                EventWording.ended(trial(TrialStage.TEACHER, Map.of(), Map.of()), "val_accuracy", null, Set.of("model"), null));
    }

    @Test
    void pause_and_restore_wording() {
        Trial t = trial(TrialStage.FINETUNE, Map.of(), Map.of());
        t.recordStep(1);
        t.recordStep(2);
        assertEquals("finetune trial 0 paused after epoch 2 with checkpoint c-2", EventWording.trialPaused(t, "c-2"));
        assertEquals("finetune trial 0 stopped for a pause that is over; queued again without a checkpoint (it will start over)",
                EventWording.pauseOver(t, null));
        assertEquals("finetune trial 0 resumes from the start", EventWording.trialResumes(t, null));
        assertEquals("restored after an orchestrator restart with 3 recorded trials; still paused", EventWording.restored(true, 3, true));
        assertEquals("reloaded from the store after a store failure with 0 recorded trials", EventWording.restored(false, 0, false));
        assertEquals("the orchestrator restarted while trial 0 was unfinished; resuming from checkpoint c-2",
                EventWording.requeuedOnRestore(true, t, "c-2"));
        assertEquals("paused by request: queued trials wait, 2 trial(s) in flight stop after their current epoch and resume from their checkpoint",
                EventWording.paused(2));
    }

    @Test
    void budget_wording() {
        assertEquals("wall-clock budget of 5 s spent: no new trials; running trials stop after their current epoch", EventWording.limitReached(5));
        assertEquals("3 trials, best val_accuracy=0.9; 1 trial(s) failed; wall-clock budget of 5 s reached",
                EventWording.completed("3 trials, best val_accuracy=0.9", 1, true, 5));
        assertEquals("the wall-clock budget of 5 s was spent before any trial finished", EventWording.budgetSpentBeforeAnyTrial(5));
    }
}
