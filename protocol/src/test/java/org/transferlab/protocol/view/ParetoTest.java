package org.transferlab.protocol.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.work.TrialStage;

class ParetoTest {

    /** Random point sets, with repeated coordinates so ties and duplicates occur. */
    private static double[][] randomPoints(SplittableRandom random, int n, int d) {
        double[][] points = new double[n][d];
        for (double[] p : points) {
            for (int i = 0; i < d; i++) {
                p[i] = random.nextInt(8) / 8.0;
            }
        }
        return points;
    }

    @RepeatedTest(30)
    void no_point_of_the_front_is_dominated_and_every_other_point_has_a_dominator_on_it(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(info.getCurrentRepetition());
        double[][] points = randomPoints(random, 1 + random.nextInt(40), 2 + random.nextInt(3));
        List<Integer> front = Pareto.front(points);
        assertFalse(front.isEmpty());
        for (int f : front) {
            for (double[] p : points) {
                assertFalse(Pareto.dominates(p, points[f]));
            }
        }
        for (int i = 0; i < points.length; i++) {
            if (!front.contains(i)) {
                int dominated = i;
                assertTrue(front.stream().anyMatch(f -> Pareto.dominates(points[f], points[dominated])), "point " + i + " has no dominator on the front");
            }
        }
    }

    @RepeatedTest(30)
    void a_point_of_rank_k_is_dominated_by_one_of_rank_k_minus_one_and_by_none_of_its_own_rank(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(100 + info.getCurrentRepetition());
        double[][] points = randomPoints(random, 2 + random.nextInt(40), 2 + random.nextInt(2));
        int[] rank = Pareto.ranks(points);
        for (int i = 0; i < points.length; i++) {
            for (int j = 0; j < points.length; j++) {
                if (rank[j] == rank[i]) {
                    assertFalse(Pareto.dominates(points[j], points[i]));
                }
            }
            if (rank[i] > 0) {
                int me = i;
                boolean covered = false;
                for (int j = 0; j < points.length; j++) {
                    covered |= rank[j] == rank[me] - 1 && Pareto.dominates(points[j], points[me]);
                }
                assertTrue(covered);
            }
        }
    }

    @RepeatedTest(30)
    void hypervolume_never_falls_when_a_point_is_added_and_grows_only_by_a_non_dominated_one(RepetitionInfo info) {
        SplittableRandom random = new SplittableRandom(200 + info.getCurrentRepetition());
        int d = 2 + random.nextInt(3);
        double[][] points = randomPoints(random, 25, d);
        double[] reference = new double[d];
        java.util.Arrays.fill(reference, 1.0);
        List<double[]> set = new ArrayList<>();
        double previous = 0;
        for (double[] p : points) {
            boolean dominatedAlready = set.stream().anyMatch(q -> Pareto.dominates(q, p) || java.util.Arrays.equals(q, p));
            set.add(p);
            double now = Pareto.hypervolume(set.toArray(double[][]::new), reference);
            assertTrue(now >= previous - 1e-12, "hypervolume fell from " + previous + " to " + now);
            if (dominatedAlready) {
                assertEquals(previous, now, 1e-12, "a dominated point changed the hypervolume");
            }
            previous = now;
        }
    }

    @Test
    void hypervolume_of_hand_computed_sets() {
        // 2-D staircase under (4, 4): (1,3) (2,2) (3,1) → 3·1 + 2·1 + 1·1 … = 6
        assertEquals(6.0, Pareto.hypervolume(new double[][] {{1, 3}, {2, 2}, {3, 1}}, new double[] {4, 4}), 1e-12);
        // a dominated point and one outside the reference add nothing
        assertEquals(6.0, Pareto.hypervolume(new double[][] {{1, 3}, {2, 2}, {3, 1}, {3, 3}, {0, 5}}, new double[] {4, 4}), 1e-12);
        // one point in 3-D: a box
        assertEquals(2 * 3 * 4, Pareto.hypervolume(new double[][] {{0, 0, 0}}, new double[] {2, 3, 4}), 1e-12);
        // two boxes [0,2]×[0,1]×[0,1] and [0,1]×[0,2]×[0,1] overlapping in a unit cube → 2 + 2 - 1 = 3,
        // then a third [0,1]×[0,1]×[0,2] adds 2 - 1 = 1 → 4
        assertEquals(3.0, Pareto.hypervolume(new double[][] {{0, 1, 1}, {1, 0, 1}}, new double[] {2, 2, 2}), 1e-12);
        assertEquals(4.0, Pareto.hypervolume(new double[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}}, new double[] {2, 2, 2}), 1e-12);
        // 4-D: a unit hypercube corner point under (1,1,1,1) from (0.5,...) → 0.5^4
        assertEquals(0.0625, Pareto.hypervolume(new double[][] {{0.5, 0.5, 0.5, 0.5}}, new double[] {1, 1, 1, 1}), 1e-12);
        assertEquals(0.0, Pareto.hypervolume(new double[0][], new double[] {1, 1}), 0);
    }

    @Test
    void hypervolume_in_3d_agrees_with_counting_grid_cells() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 10; round++) {
            double[][] points = randomPoints(random, 12, 3);
            double[] reference = {1, 1, 1};
            // every coordinate is a multiple of 1/8: count the 1/8-cells dominated by some point
            int cells = 0;
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    for (int c = 0; c < 8; c++) {
                        double[] cell = {a / 8.0, b / 8.0, c / 8.0};
                        boolean covered = false;
                        for (double[] p : points) {
                            covered |= p[0] <= cell[0] && p[1] <= cell[1] && p[2] <= cell[2];
                        }
                        cells += covered ? 1 : 0;
                    }
                }
            }
            assertEquals(cells / 512.0, Pareto.hypervolume(points, reference), 1e-12);
        }
    }

    @Test
    void contributions_are_zero_for_dominated_points_and_the_exclusive_area_otherwise() {
        double[] c = Pareto.contributions(new double[][] {{1, 3}, {2, 2}, {3, 1}, {3, 3}}, new double[] {4, 4});
        assertEquals(1.0, c[0], 1e-12);
        assertEquals(1.0, c[1], 1e-12);
        assertEquals(1.0, c[2], 1e-12);
        assertEquals(0.0, c[3], 1e-12);
    }

    @Test
    void greedy_selection_takes_the_point_that_adds_most_first() {
        double[][] candidates = {{3, 1}, {1, 1.5}, {1.5, 1.2}};
        // alone: (3,1) adds 1·3 = 3, (1,1.5) adds 3·2.5 = 7.5, (1.5,1.2) adds 2.5·2.8 = 7
        assertEquals(List.of(1), Pareto.greedyByHypervolume(new double[0][], candidates, 1, new double[] {4, 4}));
        assertEquals(2, Pareto.greedyByHypervolume(new double[0][], candidates, 2, new double[] {4, 4}).size());
    }

    @Test
    void the_front_view_ranks_method_trials_in_each_metric_direction_and_leaves_out_baselines() {
        List<ObjectiveSpec.Goal> goals = List.of(new ObjectiveSpec.Goal("val_accuracy", "max"), new ObjectiveSpec.Goal("params", "min"));
        List<TrialView> trials = List.of(
                trial(1, TrialStage.STUDENT, 0.90, 1000),
                trial(2, TrialStage.STUDENT, 0.80, 200),
                trial(3, TrialStage.STUDENT, 0.70, 500), // worse than #2 in both
                trial(4, TrialStage.SCRATCH, 0.95, 100), // a baseline: not on the chart
                new TrialView("t5", "e", 5, TrialStage.STUDENT, TrialStatus.COMPLETED, Map.of(), null, 3,
                        Map.of("val_accuracy", 0.99), 0.99, null, null, null)); // no params reported: cannot be placed
        ParetoFront front = ParetoFront.of(trials, goals);
        assertEquals(List.of(1, 2, 3), front.points().stream().map(ParetoFront.Point::number).toList());
        assertEquals(List.of(1, 2), front.front().stream().map(ParetoFront.Point::number).toList());
        assertEquals(List.of(0.80, 200.0), front.points().get(1).values());
        assertEquals(1, front.points().get(2).rank());
    }

    private static TrialView trial(int number, TrialStage stage, double accuracy, double params) {
        return new TrialView("t" + number, "e", number, stage, TrialStatus.COMPLETED, Map.of("width", number), null, 3,
                Map.of("val_accuracy", accuracy, "params", params), accuracy, null, null, null);
    }

    @Test
    void each_student_on_the_front_is_paired_with_its_scratch_twin_of_the_same_width_and_seed_and_shows_its_gain() {
        List<ObjectiveSpec.Goal> goals = List.of(new ObjectiveSpec.Goal("val_accuracy", "max"), new ObjectiveSpec.Goal("params", "min"));
        List<TrialView> trials = List.of(
                width(1, TrialStage.STUDENT, Map.of("width", 0.5, "seed", 7, "temperature", 4.0), 0.80, 100, 0.78),
                width(2, TrialStage.SCRATCH, Map.of("width", 0.5, "seed", 7), 0.74, 100, 0.75),
                width(3, TrialStage.SCRATCH, Map.of("width", 0.5, "seed", 8), 0.60, 100, 0.60), // another seed: not the twin
                width(4, TrialStage.STUDENT, Map.of("width", 2.0, "seed", 7, "temperature", 2.0), 0.90, 400, 0.88),
                width(5, TrialStage.STUDENT, Map.of("width", 2.0, "seed", 7, "temperature", 8.0), 0.86, 400, 0.85),
                width(6, TrialStage.SCRATCH, Map.of("width", 2.0, "seed", 7), 0.85, 400, 0.84),
                width(7, TrialStage.STUDENT, Map.of("width", 1.0, "seed", 7, "temperature", 4.0), 0.70, 200, 0.70),
                new TrialView("t8", "e", 8, TrialStage.SCRATCH, TrialStatus.RUNNING, Map.of("width", 1.0, "seed", 7), null, 1,
                        Map.of("val_accuracy", 0.5), 0.5, null, null, null)); // running: no twin yet
        ParetoFront front = ParetoFront.of(trials, goals);
        assertEquals("student from scratch", front.twinName());
        assertEquals(0, front.gainObjective());
        assertEquals(List.of(1, 4), front.front().stream().map(ParetoFront.Point::number).toList());
        ParetoFront.Point narrow = front.points().get(0);
        assertEquals(2, narrow.twin().number());
        assertEquals(TrialStage.SCRATCH, narrow.twin().stage());
        assertEquals(List.of(0.74, 100.0), narrow.twin().values());
        assertEquals("val_accuracy", narrow.twin().metric());
        assertEquals(0.06, narrow.gain(), 1e-12);
        assertEquals(List.of(new ParetoFront.HeldOut("test_accuracy", 0.78, 0.75, 0.78 - 0.75)), narrow.twin().heldOut());
        assertEquals(6, front.points().get(1).twin().number(), "two students of one width and seed share the twin");
        assertEquals(6, front.points().get(2).twin().number());
        assertEquals(0.86 - 0.85, front.points().get(2).gain(), 1e-12);
        assertEquals(null, front.points().get(3).twin(), "the width-1 twin has not completed");
        assertEquals(front, org.transferlab.protocol.Json.mapper().convertValue(
                org.transferlab.protocol.Json.mapper().valueToTree(front), ParetoFront.class), "the API's JSON round-trips");
    }

    @Test
    void the_gain_is_read_on_the_first_objective_a_same_sized_twin_does_not_share() {
        List<ObjectiveSpec.Goal> goals = List.of(new ObjectiveSpec.Goal("params", "min"), new ObjectiveSpec.Goal("val_loss", "min"));
        assertEquals(1, ParetoFront.gainObjective(goals));
        assertEquals(0, ParetoFront.gainObjective(List.of(new ObjectiveSpec.Goal("params", "min"),
                new ObjectiveSpec.Goal("inference_ms", "min"))));
        ParetoFront synthetic = ParetoFront.of(List.of(trial(1, TrialStage.SYNTHETIC, 0.5, 10)), List.of(
                new ObjectiveSpec.Goal("val_accuracy", "max"), new ObjectiveSpec.Goal("params", "min")));
        assertEquals(null, synthetic.twinName(), "no baseline in the experiment");
        assertEquals(null, synthetic.points().getFirst().twin());
    }

    private static TrialView width(int number, TrialStage stage, Map<String, Object> params, double accuracy, double size,
            double testAccuracy) {
        return new TrialView("t" + number, "e", number, stage, TrialStatus.COMPLETED, params, null, 3,
                Map.of("val_accuracy", accuracy, "params", size), accuracy, null, null, null, 1, null, Map.of(), Map.of(),
                Map.of("test_accuracy", testAccuracy));
    }
}
