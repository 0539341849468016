package org.transferlab.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.work.TrialStage;

class ComparisonTest {

    private static TrialView trial(int number, TrialStage stage, TrialStatus status, Map<String, Object> params, Integer configuration,
            Double objective, Map<String, Double> last) {
        return new TrialView("t" + number, "e", number, stage, status, params, null, 5, last, objective, null, null, null, 1,
                configuration, Map.of(), Map.of());
    }

    /** A finished trial: its held-out accuracy is stored beside the objective, as the orchestrator stores it, not among its epoch metrics. */
    private static TrialView done(int number, TrialStage stage, Map<String, Object> params, double val, double test) {
        return new TrialView("t" + number, "e", number, stage, TrialStatus.COMPLETED, params, null, 5, Map.of("val_accuracy", val), val,
                null, null, null, 1, number, Map.of(), Map.of(), Map.of("test_accuracy", test));
    }

    private static Map<String, Object> params(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            out.put((String) kv[i], kv[i + 1]);
        }
        return out;
    }

    /** A fine-tune sweep over two learning rates with three repeats, and the network from scratch on each seed. */
    private static List<TrialView> fineTuneSweep() {
        List<TrialView> t = new ArrayList<>();
        t.add(trial(0, TrialStage.PRETRAIN, TrialStatus.COMPLETED, Map.of(), null, 0.99, Map.of()));
        // configuration A is best on validation; B is better on the test split, which selection must not see
        t.add(done(1, TrialStage.FINETUNE, params("learningRate", 0.01, "seed", 42), 0.80, 0.70));
        t.add(done(2, TrialStage.FROM_SCRATCH, params("seed", 42), 0.75, 0.66));
        t.add(done(3, TrialStage.FINETUNE, params("learningRate", 0.01, "seed", 43), 0.82, 0.71));
        t.add(done(4, TrialStage.FROM_SCRATCH, params("seed", 43), 0.74, 0.65));
        t.add(done(5, TrialStage.FINETUNE, params("learningRate", 0.01, "seed", 44), 0.81, 0.72));
        t.add(done(6, TrialStage.FROM_SCRATCH, params("seed", 44), 0.78, 0.70));
        t.add(done(7, TrialStage.FINETUNE, params("learningRate", 0.001, "seed", 42), 0.70, 0.90));
        t.add(done(8, TrialStage.FINETUNE, params("learningRate", 0.001, "seed", 43), 0.72, 0.91));
        t.add(done(9, TrialStage.FINETUNE, params("learningRate", 0.001, "seed", 44), 0.71, 0.92));
        return t;
    }

    @Test
    void the_configuration_best_on_validation_is_paired_seed_by_seed_with_the_baseline() {
        Comparison c = Comparison.of(fineTuneSweep(), "val_accuracy", "max");
        assertEquals(TrialStage.FINETUNE, c.method());
        assertEquals(TrialStage.FROM_SCRATCH, c.baseline());
        assertEquals(Map.of("learningRate", 0.01), c.configuration(), "chosen on validation, not on the test split");
        assertEquals(List.of(1, 3, 5), c.pairs().stream().map(Comparison.Pair::methodTrial).toList());
        assertEquals(List.of(2, 4, 6), c.pairs().stream().map(Comparison.Pair::baselineTrial).toList());
        assertEquals(List.of(42, 43, 44), c.pairs().stream().map(Comparison.Pair::seed).toList());
        PairedDifference val = c.objective();
        assertEquals("val_accuracy", val.metric());
        assertEquals(3, val.n());
        assertEquals(0.053333333333333344, val.mean(), 1e-12);
        assertEquals(-0.009182761460424335, val.low(), 1e-9);
        assertEquals(0.11584942812709102, val.high(), 1e-9);
        PairedDifference test = c.differences().get(1);
        assertEquals("test_accuracy", test.metric());
        assertEquals((0.04 + 0.06 + 0.02) / 3, test.mean(), 1e-12);
        assertEquals(List.of("finetune − network from scratch (val_accuracy): +5.3 pts [-0.9, 11.6], 3 seeds",
                "finetune − network from scratch (test_accuracy): +4.0 pts [-1.0, 9.0], 3 seeds"), c.lines());
    }

    @Test
    void the_report_says_what_was_paired_then_each_metric_then_the_verdict() {
        assertEquals(List.of(
                "baseline: network from scratch, paired by seed with the best finetune configuration on val_accuracy (learningRate=0.01)",
                "  finetune − network from scratch (val_accuracy): +5.3 pts [-0.9, 11.6], 3 seeds",
                "  finetune − network from scratch (test_accuracy): +4.0 pts [-1.0, 9.0], 3 seeds",
                "  finetune scored 5.3 pts above network from scratch, but the interval includes 0: no clear difference"),
                Comparison.of(fineTuneSweep(), "val_accuracy", "max").report());
    }

    @Test
    void held_out_metrics_are_a_parameter() {
        Comparison c = Comparison.of(fineTuneSweep(), "val_accuracy", "max", List.of());
        assertEquals(List.of("val_accuracy"), c.differences().stream().map(PairedDifference::metric).toList());
        Comparison loss = Comparison.of(fineTuneSweep(), "val_accuracy", "max", List.of("test_loss"));
        assertEquals(0, loss.differences().get(1).n(), "no trial reports test_loss");
    }

    @Test
    void stopped_and_failed_trials_ran_no_full_budget_and_are_left_out() {
        List<TrialView> trials = new ArrayList<>(fineTuneSweep());
        trials.set(4, trial(4, TrialStage.FROM_SCRATCH, TrialStatus.STOPPED, params("seed", 43), 4, 0.30, Map.of()));
        trials.add(trial(10, TrialStage.FINETUNE, TrialStatus.FAILED, params("learningRate", 0.5, "seed", 42), 10, null, Map.of()));
        trials.add(trial(11, TrialStage.FINETUNE, TrialStatus.STOPPED, params("learningRate", 0.9, "seed", 42), 11, 0.99, Map.of()));
        Comparison c = Comparison.of(trials, "val_accuracy", "max");
        assertEquals(Map.of("learningRate", 0.01), c.configuration(), "a trial stopped early is no configuration's result");
        assertEquals(List.of(42, 44), c.pairs().stream().map(Comparison.Pair::seed).toList());
        assertEquals(2, c.objective().n());
        assertEquals(1, c.unpaired(), "seed 43's baseline was stopped: its method trial has no pair");
        assertEquals("  left out: 1 trial of this configuration that ended without a full-budget pair (stopped early, failed, "
                + "or no completed baseline on its seed)", c.report().getLast());
        assertEquals(0, Comparison.of(fineTuneSweep(), "val_accuracy", "max").unpaired());
    }

    @Test
    void a_guided_configuration_pairs_with_its_own_baseline_twin() {
        List<TrialView> trials = List.of(
                done(1, TrialStage.GUIDED, params("guideScale", 1.0), 0.90, 0.88),
                done(2, TrialStage.BASELINE, params("guideScale", 1.0), 0.85, 0.84),
                done(3, TrialStage.GUIDED, params("guideScale", 2.0), 0.80, 0.79),
                done(4, TrialStage.BASELINE, params("guideScale", 2.0), 0.86, 0.86));
        // twins share the searcher's proposal number
        List<TrialView> twinned = trials.stream().map(t -> trial(t.number(), t.stage(), t.status(), t.params(),
                (t.number() + 1) / 2, t.objective(), t.lastMetrics())).toList();
        Comparison c = Comparison.of(twinned, "val_accuracy", "max");
        assertEquals(1, c.pairs().size());
        assertEquals(2, c.pairs().getFirst().baselineTrial());
        assertEquals("guided − plain fine-tune (val_accuracy): +5.0 pts, 1 seed (n too small for an interval)", c.lines().getFirst());
    }

    @Test
    void a_student_pairs_with_the_scratch_run_of_its_seed_and_non_distillation_parameters() {
        List<TrialView> trials = List.of(
                done(1, TrialStage.STUDENT, params("temperature", 4.0, "seed", 1), 0.95, 0.94),
                done(2, TrialStage.SCRATCH, params("seed", 1), 0.96, 0.95),
                done(3, TrialStage.STUDENT, params("temperature", 4.0, "seed", 2), 0.93, 0.93),
                done(4, TrialStage.SCRATCH, params("seed", 2), 0.93, 0.93),
                done(5, TrialStage.STUDENT, params("temperature", 2.0, "seed", 1), 0.90, 0.90),
                done(6, TrialStage.STUDENT, params("temperature", 2.0, "seed", 2), 0.90, 0.90));
        Comparison c = Comparison.of(trials, "val_accuracy", "max");
        assertEquals(Map.of("temperature", 4.0), c.configuration());
        assertEquals(List.of(2, 4), c.pairs().stream().map(Comparison.Pair::baselineTrial).toList());
        assertEquals(-0.005, c.objective().mean(), 1e-12);
        assertEquals("student scored 0.50 pts below student from scratch, but the interval includes 0: no clear difference",
                c.verdict());
    }

    @Test
    void min_objectives_choose_the_lowest_mean_and_numbers_compare_whatever_their_json_type() {
        List<TrialView> trials = List.of(
                trial(1, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, params("x", 0.1, "seed", 7), 1, 0.2, Map.of()),
                trial(2, TrialStage.SYNTHETIC_BASELINE, TrialStatus.COMPLETED, params("seed", 7L), 2, 0.5, Map.of()),
                trial(3, TrialStage.SYNTHETIC, TrialStatus.COMPLETED, params("x", 0.9, "seed", 7), 3, 0.1, Map.of()));
        Comparison c = Comparison.of(trials, "val_loss", "min");
        assertEquals(Map.of("x", 0.9), c.configuration());
        assertEquals(-0.4, c.objective().mean(), 1e-12);
        assertEquals("min", c.objective().mode());
    }

    @Test
    void an_experiment_without_a_baseline_says_so_and_one_still_running_waits() {
        Comparison none = Comparison.of(List.of(done(1, TrialStage.FINETUNE, Map.of(), 0.8, 0.8)), "val_accuracy", "max");
        assertFalse(none.hasBaseline());
        assertEquals(List.of("no automatic baseline in this experiment"), none.lines());
        Comparison waiting = Comparison.of(List.of(
                trial(1, TrialStage.GUIDED, TrialStatus.RUNNING, Map.of(), 1, null, Map.of()),
                trial(2, TrialStage.BASELINE, TrialStatus.QUEUED, Map.of(), 1, null, Map.of())), "val_accuracy", "max");
        assertTrue(waiting.hasBaseline());
        assertNull(waiting.objective());
        assertEquals(List.of("guided − plain fine-tune: waiting for completed guided and plain fine-tune trials"), waiting.lines());
        Comparison defaults = Comparison.of(List.of(done(1, TrialStage.FINETUNE, params("seed", 1), 0.8, 0.8),
                done(2, TrialStage.FROM_SCRATCH, params("seed", 1), 0.7, 0.7)), "val_accuracy", "max");
        assertEquals("baseline: network from scratch, paired by seed with the best finetune configuration on val_accuracy "
                + "(spec defaults)", defaults.report().getFirst());
    }
}
