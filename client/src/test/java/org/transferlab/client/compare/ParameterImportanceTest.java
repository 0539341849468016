package org.transferlab.client.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ParameterImportanceTest {

    @Test
    void the_parameter_that_drives_the_objective_ranks_first_and_noise_parameters_near_zero() {
        Random random = new Random(7);
        List<Map<String, Object>> params = new ArrayList<>();
        List<Double> objective = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            double lr = random.nextDouble();
            double noise = random.nextDouble();
            String optimizer = random.nextBoolean() ? "adam" : "sgd";
            params.add(Map.of("lr", lr, "noise", noise, "optimizer", optimizer));
            objective.add(-4 * (lr - 0.5) * (lr - 0.5) + ("adam".equals(optimizer) ? 0.05 : 0) + 0.01 * random.nextGaussian());
        }
        List<ParameterImportance.Importance> ranked = ParameterImportance.rank(params, objective);
        assertEquals(List.of("lr", "optimizer", "noise"), ranked.stream().map(ParameterImportance.Importance::parameter).toList());
        assertTrue(ranked.get(0).share() > 0.6, "lr explains most: " + ranked);
        assertEquals(ParameterImportance.BINS, ranked.get(0).groups(), "a continuous parameter is binned");
        assertEquals(2, ranked.get(1).groups());
        assertTrue(ranked.get(2).share() < 0.05, "noise explains almost nothing: " + ranked);
    }

    @Test
    void a_grid_parameter_that_fully_determines_the_objective_explains_all_of_its_variance() {
        List<Map<String, Object>> params = new ArrayList<>();
        List<Double> objective = new ArrayList<>();
        for (int frozen : new int[] {0, 1, 2}) {
            for (double lr : new double[] {0.001, 0.01}) {
                params.add(Map.of("frozenLayers", frozen, "learningRate", lr, "batch", 32));
                objective.add(0.5 + 0.1 * frozen);
            }
        }
        List<ParameterImportance.Importance> ranked = ParameterImportance.rank(params, objective);
        assertEquals("frozenLayers", ranked.get(0).parameter());
        assertEquals(1.0, ranked.get(0).share(), 1e-12);
        assertEquals(0.0, ranked.get(1).share(), 1e-12, "learningRate is balanced across frozenLayers");
        assertEquals(2, ranked.size(), "the constant batch size is not ranked");
    }

    @Test
    void trials_without_an_objective_are_left_out_and_too_few_trials_rank_nothing() {
        Map<String, Object> p = new HashMap<>();
        p.put("x", 1.0);
        List<Double> objective = new ArrayList<>();
        objective.add(null);
        objective.add(0.3);
        assertTrue(ParameterImportance.rank(List.of(p, Map.of("x", 2.0)), objective).isEmpty());
    }

    @Test
    void six_learning_rates_fall_into_five_quantile_bins_with_equal_values_together() {
        List<Map<String, Object>> params = new ArrayList<>();
        List<Double> objective = new ArrayList<>();
        double[] rates = {0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03};
        for (int repeat = 0; repeat < 2; repeat++) {
            for (int i = 0; i < rates.length; i++) {
                params.add(Map.of("learningRate", rates[i]));
                objective.add(0.5 + 0.01 * i + 0.001 * repeat);
            }
        }
        ParameterImportance.Importance lr = ParameterImportance.rank(params, objective).getFirst();
        assertEquals(5, lr.groups(), "the README promises 5 quantile bins, not one group per value: " + lr);
    }

    @Test
    void many_repeated_values_never_split_one_value_across_bins() {
        List<Map<String, Object>> params = new ArrayList<>();
        List<Double> objective = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            int v = i < 30 ? 0 : i - 29; // 30 trials at 0, then 1..10 once each
            params.add(Map.of("x", (double) v));
            objective.add(v == 0 ? 0.1 : 0.9);
        }
        ParameterImportance.Importance x = ParameterImportance.rank(params, objective).getFirst();
        assertEquals(1.0, x.share(), 1e-12, "all the zeros share one bin, so the bins separate the objective exactly: " + x);
        assertTrue(x.groups() <= ParameterImportance.BINS, x.toString());
    }
}
