package org.transferlab.orchestrator.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BanditExploreTest {

    private static final double[][] K = {{4, 2, 0.4}, {2, 5, 1}, {0.4, 1, 3}};

    @Test
    void the_cholesky_factor_reproduces_the_matrix_and_the_solves_invert_it() {
        double[][] l = BanditExplore.cholesky(K);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int p = 0; p < 3; p++) {
                    v += l[i][p] * l[j][p];
                }
                assertEquals(K[i][j], v, 1e-12);
            }
            for (int j = i + 1; j < 3; j++) {
                assertEquals(0, l[i][j], "lower triangular");
            }
        }
        double[] b = {1, -2, 0.5};
        double[] a = BanditExplore.solveBoth(l, b);
        for (int i = 0; i < 3; i++) {
            assertEquals(b[i], K[i][0] * a[0] + K[i][1] * a[1] + K[i][2] * a[2], 1e-12);
        }
    }

    @Test
    void the_log_likelihood_of_two_points_is_the_gaussian_density_written_out() {
        BanditExplore.Fit f = new BanditExplore.Fit(0.3, 0.1, 0.05);
        double[][] x = {{0.2}, {0.5}};
        double[] t = {1, 3};
        double[] y = {0.7, -0.7};
        double k12 = Math.exp(-0.09 / (2 * 0.09)) * Math.pow(0.9, 1.0);
        double k11 = 1 + 0.05;
        double det = k11 * k11 - k12 * k12;
        double quad = (k11 * y[0] * y[0] - 2 * k12 * y[0] * y[1] + k11 * y[1] * y[1]) / det;
        double expected = -0.5 * quad - 0.5 * Math.log(det) - Math.log(2 * Math.PI);
        assertEquals(expected, BanditExplore.logLikelihood(f, x, t, y), 1e-12);
        assertEquals(k12, BanditExplore.kernel(f, x[0], t[0], x[1], t[1]), 1e-15);
    }

    @Test
    void the_choice_is_where_the_improvement_peaks_when_every_region_was_tried() {
        List<BanditExplore.Observation> data = new ArrayList<>();
        for (int time = 1; time <= 3; time++) {
            for (int i = 0; i <= 10; i++) {
                double x = i / 10.0;
                data.add(new BanditExplore.Observation(time, new double[] {x}, -Math.pow(x - 0.7, 2)));
            }
        }
        double[] chosen = BanditExplore.choose(data, 4, List.of(), 1, new Random(1));
        assertEquals(0.7, chosen[0], 0.08);
    }

    @Test
    void recent_intervals_outweigh_old_ones_when_the_best_value_moves() {
        List<BanditExplore.Observation> data = new ArrayList<>();
        for (int time = 1; time <= 8; time++) {
            double peak = time <= 3 ? 0.2 : 0.8;
            for (int i = 0; i <= 10; i++) {
                double x = i / 10.0;
                data.add(new BanditExplore.Observation(time, new double[] {x}, -Math.pow(x - peak, 2)));
            }
        }
        double[] chosen = BanditExplore.choose(data, 9, List.of(), 1, new Random(2));
        assertEquals(0.8, chosen[0], 0.1);
    }

    @Test
    void with_no_data_yet_the_choice_keeps_away_from_the_trials_still_training() {
        for (long seed = 0; seed < 5; seed++) {
            double[] chosen = BanditExplore.choose(List.of(), 2, List.of(new double[] {0.1, 0.1}, new double[] {0.2, 0.3}), 2,
                    new Random(seed));
            double nearest = Math.min(Math.hypot(chosen[0] - 0.1, chosen[1] - 0.1), Math.hypot(chosen[0] - 0.2, chosen[1] - 0.3));
            assertTrue(nearest > 0.5, "chosen " + chosen[0] + ", " + chosen[1]);
        }
    }

    @Test
    void the_same_data_and_generator_give_the_same_choice() {
        List<BanditExplore.Observation> data = List.of(new BanditExplore.Observation(1, new double[] {0.3, 0.4}, 0.2),
                new BanditExplore.Observation(1, new double[] {0.9, 0.1}, -0.1), new BanditExplore.Observation(2, new double[] {0.5, 0.5}, 0.4));
        assertArrayEquals(BanditExplore.choose(data, 3, List.of(), 2, new Random(9)), BanditExplore.choose(data, 3, List.of(), 2, new Random(9)));
    }
}
