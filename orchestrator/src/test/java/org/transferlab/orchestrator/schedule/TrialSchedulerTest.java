package org.transferlab.orchestrator.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.SchedulerSpec;

class TrialSchedulerTest {

    private static final ObjectiveSpec MAX = new ObjectiveSpec("acc", "max");
    private static final ObjectiveSpec MIN = new ObjectiveSpec("loss", "min");

    private static void assertContinues(TrialDecision d) {
        assertFalse(d.stop(), d.reason());
    }

    private static void assertStops(TrialDecision d, String reason) {
        assertTrue(d.stop(), "expected a stop, got: " + d.reason());
        assertEquals(reason, d.reason());
    }

    @Test
    void fifo_never_stops() {
        TrialScheduler fifo = TrialScheduler.create(new SchedulerSpec("fifo", 1, 3, 9, 1, 3), MAX);
        for (int epoch = 1; epoch <= 50; epoch++) {
            assertContinues(fifo.onResult("t" + epoch % 3, epoch, -epoch));
        }
    }

    @Test
    void asha_rungs_are_grace_times_eta_powers_below_the_max_resource_and_brackets_start_higher() {
        AshaScheduler asha = new AshaScheduler(1, 3, 27, 3, true);
        assertEquals(List.of(1, 3, 9), asha.rungs(0));
        assertEquals(List.of(3, 9), asha.rungs(1));
        assertEquals(List.of(9), asha.rungs(2));
        assertEquals(List.of(2, 4, 8, 16), new AshaScheduler(2, 2, 20, 1, true).rungs(0));
    }

    @Test
    void asha_stops_bottom_two_thirds_at_first_rung() {
        TrialScheduler asha = TrialScheduler.create(new SchedulerSpec("asha", 1, 3, 27, 1, 3), MAX);
        // Rung 1, n results → keep the ⌈n/3⌉ best.
        assertContinues(asha.onResult("t1", 1, 0.50));                                // n=1 keep 1: 0.50
        assertStops(asha.onResult("t2", 1, 0.40),
                "ASHA rung 1: 0.4 below the top 1/3 cutoff 0.5 (2 results at this rung)");  // n=2 keep 1: 0.50
        assertContinues(asha.onResult("t3", 1, 0.60));                                // n=3 keep 1: 0.60
        assertContinues(asha.onResult("t4", 1, 0.55));                                // n=4 keep 2: 0.60 0.55
        assertStops(asha.onResult("t5", 1, 0.45),
                "ASHA rung 1: 0.45 below the top 1/3 cutoff 0.55 (5 results at this rung)"); // n=5 keep 2
        assertStops(asha.onResult("t6", 1, 0.52),
                "ASHA rung 1: 0.52 below the top 1/3 cutoff 0.55 (6 results at this rung)"); // n=6 keep 2
        // Epochs between rungs never stop.
        assertContinues(asha.onResult("t1", 2, 0.10));
        // Rung 3.
        assertContinues(asha.onResult("t1", 3, 0.70));                                // n=1
        assertStops(asha.onResult("t3", 3, 0.65),
                "ASHA rung 3: 0.65 below the top 1/3 cutoff 0.7 (2 results at this rung)");
        TrialDecision promoted = asha.onResult("t4", 3, 0.80);                        // n=3 keep 1: 0.80
        assertContinues(promoted);
        assertEquals("ASHA rung 3: 0.8 in the top 1/3 (cutoff 0.8 of 3 results), promoted", promoted.reason());
        // Rung 9, then the max resource.
        assertContinues(asha.onResult("t4", 9, 0.90));
        assertStops(asha.onResult("t4", 27, 0.95), "ASHA: reached the max resource of 27 epochs");
    }

    @Test
    void asha_compares_in_the_objective_direction_when_minimising() {
        TrialScheduler asha = TrialScheduler.create(new SchedulerSpec("asha", 2, 2, 16, 1, 3), MIN);
        // rungs 2, 4, 8; keep the ⌈n/2⌉ lowest
        assertContinues(asha.onResult("a", 2, 1.0));
        assertContinues(asha.onResult("b", 2, 0.5));                                  // n=2 keep 1: 0.5
        assertContinues(asha.onResult("c", 2, 0.9));                                  // n=3 keep 2: 0.5 0.9
        assertStops(asha.onResult("d", 2, 1.2),
                "ASHA rung 2: 1.2 above the top 1/2 cutoff 0.9 (4 results at this rung)"); // n=4 keep 2: 0.5 0.9
    }

    @Test
    void asha_with_eta_three_and_two_brackets_assigns_round_robin_and_cuts_per_bracket() {
        TrialScheduler asha = TrialScheduler.create(new SchedulerSpec("asha", 1, 3, 27, 2, 3), MAX);
        // arrivals a, b, c, d, e → brackets 0, 1, 0, 1, 0; bracket 0 rungs 1, 3, 9; bracket 1 rungs 3, 9
        assertContinues(asha.onResult("a", 1, 0.50));                                // b0 rung 1: n=1
        assertContinues(asha.onResult("b", 1, 0.10));                                // b1 has no rung 1
        assertStops(asha.onResult("c", 1, 0.30),
                "ASHA rung 1 (bracket 0): 0.3 below the top 1/3 cutoff 0.5 (2 results at this rung)");
        assertContinues(asha.onResult("d", 1, 0.20));                                // b1: no rung 1
        assertContinues(asha.onResult("e", 1, 0.60));                                // b0 rung 1: n=3 keep 1: 0.60
        assertContinues(asha.onResult("b", 3, 0.40));                                // b1 rung 3: n=1
        assertStops(asha.onResult("d", 3, 0.35),
                "ASHA rung 3 (bracket 1): 0.35 below the top 1/3 cutoff 0.4 (2 results at this rung)");
        // bracket 0's rung 3 has not seen b's 0.40 or d's 0.35
        assertContinues(asha.onResult("a", 3, 0.38));                                // b0 rung 3: n=1
        assertStops(asha.onResult("e", 3, 0.37),
                "ASHA rung 3 (bracket 0): 0.37 below the top 1/3 cutoff 0.38 (2 results at this rung)");
        assertContinues(asha.onResult("b", 9, 0.20));                                // b1 rung 9: n=1
        assertContinues(asha.onResult("a", 9, 0.10));                                // b0 rung 9: n=1
    }

    @Test
    void asha_replayed_in_the_original_order_decides_as_the_uninterrupted_scheduler() {
        String[] ids = {"a", "b", "c", "d", "e", "f", "g"};
        List<Object[]> results = new ArrayList<>();
        for (int epoch = 1; epoch <= 9; epoch++) {
            for (int i = 0; i < ids.length; i++) {
                results.add(new Object[] {ids[(i + epoch) % ids.length], epoch, Math.sin(i * 7.0 + epoch)});
            }
        }
        AshaScheduler uninterrupted = new AshaScheduler(1, 3, 9, 2, true);
        List<Boolean> expected = new ArrayList<>();
        AshaScheduler restored = new AshaScheduler(1, 3, 9, 2, true);
        List<Boolean> actual = new ArrayList<>();
        int cut = results.size() / 2;
        for (int k = 0; k < results.size(); k++) {
            Object[] r = results.get(k);
            expected.add(uninterrupted.onResult((String) r[0], (int) r[1], (double) r[2]).stop());
            if (k < cut) {
                restored.onResult((String) r[0], (int) r[1], (double) r[2]); // replay, decisions ignored
            }
        }
        for (int k = cut; k < results.size(); k++) {
            Object[] r = results.get(k);
            actual.add(restored.onResult((String) r[0], (int) r[1], (double) r[2]).stop());
        }
        assertEquals(expected.subList(cut, expected.size()), actual);
        assertTrue(actual.contains(true) && actual.contains(false), "the comparison covers both decisions");
    }

    /*
     * The median table (maximise, grace 2, minTrials 2):
     *            epoch 1  epoch 2  epoch 3   running average at epoch 2
     *   A          0.50     0.60     0.70     0.55
     *   B          0.40     0.50     0.60     0.45
     *   C          0.30     0.30     0.30     0.30
     * median of the running averages at epoch 2 = 0.45.
     */
    private static TrialScheduler medianWithTable() {
        TrialScheduler median = TrialScheduler.create(new SchedulerSpec("median", 2, 3, 9, 1, 2), MAX);
        double[][] table = {{0.5, 0.6, 0.7}, {0.4, 0.5, 0.6}, {0.3, 0.3, 0.3}};
        for (int t = 0; t < table.length; t++) {
            for (int e = 0; e < 3; e++) {
                median.onResult("ABC".substring(t, t + 1), e + 1, table[t][e]);
            }
            median.onTrialEnd("ABC".substring(t, t + 1));
        }
        return median;
    }

    @Test
    void median_rule_stops_a_trial_whose_best_is_below_the_median_of_running_averages() {
        TrialScheduler median = medianWithTable();
        assertContinues(median.onResult("D", 1, 0.20));                               // within the grace period
        assertStops(median.onResult("D", 2, 0.25),
                "median rule at epoch 2: best 0.25 below the median 0.45 of 3 other trials' running averages");
        assertContinues(median.onResult("E", 1, 0.90));
        assertContinues(median.onResult("E", 2, 0.10));                               // best so far 0.90 ≥ 0.45
        // at epoch 2 now: A 0.55, B 0.45, C 0.30, D 0.225, E 0.50 → median 0.45
        assertContinues(median.onResult("F", 2, 0.46));
        // and F's 0.46 joins them: median of 0.225 0.30 0.45 0.46 0.50 0.55 = 0.455
        assertStops(median.onResult("G", 2, 0.44),
                "median rule at epoch 2: best 0.44 below the median 0.455 of 6 other trials' running averages");
        // epoch 3: A 0.60, B 0.50, C 0.30 → median 0.50; E's best so far (0.90) counts, not its 0.20
        assertContinues(median.onResult("E", 3, 0.20));
        // E's running average at epoch 3 is 0.40: median of 0.30 0.40 0.50 0.60 = 0.45
        assertStops(median.onResult("H", 3, 0.44),
                "median rule at epoch 3: best 0.44 below the median 0.45 of 4 other trials' running averages");
    }

    @Test
    void median_rule_waits_for_min_trials_at_that_epoch() {
        TrialScheduler median = TrialScheduler.create(new SchedulerSpec("median", 1, 3, 9, 1, 2), MAX);
        median.onResult("A", 1, 0.9);
        median.onResult("A", 2, 0.9);
        assertContinues(median.onResult("B", 1, 0.1));                                // one other trial at epoch 1
        median.onResult("C", 1, 0.8);
        assertStops(median.onResult("B", 1, 0.1),
                "median rule at epoch 1: best 0.1 below the median 0.85 of 2 other trials' running averages");
    }

    @Test
    void median_rule_compares_in_the_objective_direction_when_minimising() {
        TrialScheduler median = TrialScheduler.create(new SchedulerSpec("median", 1, 3, 9, 1, 3), MIN);
        median.onResult("A", 1, 1.0);
        median.onResult("B", 1, 2.0);
        median.onResult("C", 1, 3.0);
        assertContinues(median.onResult("D", 1, 1.5));
        assertStops(median.onResult("E", 1, 2.5),
                "median rule at epoch 1: best 2.5 above the median 1.75 of 4 other trials' running averages");
    }

    @Test
    void create_rejects_an_unknown_scheduler() {
        assertThrows(IllegalArgumentException.class, () -> TrialScheduler.create(new SchedulerSpec("hyperband", 1, 3, 9, 1, 3), MAX));
    }
}
