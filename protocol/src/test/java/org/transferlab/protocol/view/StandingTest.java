package org.transferlab.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.transferlab.protocol.work.TrialStage;
import org.junit.jupiter.api.Test;

class StandingTest {

    private static TrialView trial(int number, String stage, Double objective) {
        return new TrialView("t" + number, "e", number, TrialStage.of(stage), TrialStatus.COMPLETED, Map.of(), null, 5, Map.of(), objective,
                null, null, null);
    }

    @Test
    void a_winning_baseline_is_the_best_and_the_summary_names_it_and_the_methods_best() {
        List<TrialView> trials = List.of(trial(1, "pretrain", 0.99), trial(2, "guided", 0.8920), trial(3, "baseline", 0.8960),
                trial(4, "guided", 0.85));
        Standing s = Standing.of(trials, "max");
        assertEquals("t3", s.best().id(), "the preparatory stage (another task) never counts");
        assertEquals("t2", s.bestOfMethod().id());
        assertTrue(s.baselineWins());
        assertEquals("best: 0.8960 (baseline: plain fine-tune, trial #3); best guided: 0.8920 (trial #2)", s.summary());
    }

    @Test
    void a_winning_method_trial_is_reported_alone() {
        Standing s = Standing.of(List.of(trial(1, "student", 0.95), trial(2, "scratch", 0.94)), "max");
        assertFalse(s.baselineWins());
        assertEquals("best val_accuracy: 0.9500 (method: student, trial #1)", s.summary("val_accuracy"));
    }

    @Test
    void min_objectives_rank_the_lowest_first_and_a_scratch_student_is_named() {
        Standing s = Standing.of(List.of(trial(1, "student", 0.30), trial(2, "scratch", 0.20), trial(3, "student", null)), "min");
        assertEquals("best loss: 0.2000 (baseline: student from scratch, trial #2); best student: 0.3000 (trial #1)",
                s.summary("loss"));
    }

    @Test
    void an_exact_tie_goes_to_the_method_and_never_says_the_baseline_won() {
        Standing s = Standing.of(List.of(trial(1, "from-scratch", 0.90), trial(2, "finetune", 0.90), trial(3, "finetune", 0.80)), "max");
        assertFalse(s.baselineWins());
        assertEquals("t2", s.best().id());
        assertEquals("best val_accuracy: 0.9000 (method: finetune, trial #2)", s.summary("val_accuracy"));
    }

    @Test
    void the_fine_tune_sweeps_network_from_scratch_is_named_when_it_wins() {
        Standing s = Standing.of(List.of(trial(1, "finetune", 0.70), trial(2, "from-scratch", 0.75)), "max");
        assertEquals("best: 0.7500 (baseline: network from scratch, trial #2); best finetune: 0.7000 (trial #1)", s.summary());
    }

    @Test
    void nothing_finished_has_no_best() {
        Standing s = Standing.of(List.of(trial(1, "finetune", null)), "max");
        assertNull(s.best());
        assertEquals("best: -", s.summary());
    }
}
