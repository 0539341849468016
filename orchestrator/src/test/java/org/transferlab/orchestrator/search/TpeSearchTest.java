package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;

class TpeSearchTest {

    static final int SEEDS = 20;
    static final int TRIALS = 60;

    /** Branin on x ∈ [-5, 10], y ∈ [0, 15]; global minimum 0.397887 at three points. */
    static double branin(Map<String, Object> p) {
        double x = (double) p.get("x");
        double y = (double) p.get("y");
        double b = 5.1 / (4 * Math.PI * Math.PI);
        double c = 5 / Math.PI;
        double t = 1 / (8 * Math.PI);
        return Math.pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * Math.cos(x) + 10;
    }

    static Map<String, ParamSpec> braninSpace() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("x", new ParamSpec("uniform", -5.0, 10.0, null, null));
        space.put("y", new ParamSpec("uniform", 0.0, 15.0, null, null));
        return space;
    }

    /** The mean over seeds of the best value found in {@link #TRIALS} sequential trials. */
    static double meanBest(String algorithm, String mode, ToDoubleFunction<Map<String, Object>> f) {
        double sum = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            SearchStrategy s = SearchStrategy.create(new SearchSpec(algorithm, TRIALS, 1, 1, braninSpace()), new ObjectiveSpec("f", mode), seed);
            double best = "min".equals(mode) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
            for (int i = 0; i < TRIALS; i++) {
                Map<String, Object> p = s.next().orElseThrow();
                double v = f.applyAsDouble(p);
                s.observe(p, v);
                best = "min".equals(mode) ? Math.min(best, v) : Math.max(best, v);
            }
            sum += best;
        }
        return sum / SEEDS;
    }

    @Test
    void tpe_beats_random_on_branin_over_twenty_seeds_when_minimising() {
        double tpe = meanBest("tpe", "min", TpeSearchTest::branin);
        double random = meanBest("random", "min", TpeSearchTest::branin);
        System.out.printf("Branin, %d seeds x %d trials, mean best (min 0.3979): tpe %.4f, random %.4f%n", SEEDS, TRIALS, tpe, random);
        assertTrue(tpe < random, "tpe " + tpe + " vs random " + random);
    }

    @Test
    void tpe_beats_random_on_negated_branin_when_maximising() {
        double tpe = meanBest("tpe", "max", p -> -branin(p));
        double random = meanBest("random", "max", p -> -branin(p));
        System.out.printf("-Branin maximised, mean best: tpe %.4f, random %.4f%n", tpe, random);
        assertTrue(tpe > random, "tpe " + tpe + " vs random " + random);
    }

    @Test
    void tpe_counts_failed_configurations_as_bad_and_steers_away_from_them() {
        // Maximise x on [0, 1]. The same twelve successes (x = 0.05 … 0.60, value x) either alone or
        // with seven failures at x = 0.65 … 0.95: the model pushes past the best success unless the
        // failures, counted as bad, hold it back.
        Map<String, ParamSpec> space = Map.of("x", new ParamSpec("uniform", 0.0, 1.0, null, null));
        double[] beyond = new double[2];
        for (int withFailures = 0; withFailures < 2; withFailures++) {
            TpeSearch tpe = new TpeSearch(space, true, 1000, 1, 3, TpeSearch.Settings.defaults(1000));
            for (int i = 1; i <= 12; i++) {
                tpe.replay(Map.of("x", 0.05 * i), true, 0.05 * i);
            }
            for (int i = 0; withFailures == 1 && i < 7; i++) {
                tpe.replay(Map.of("x", 0.65 + 0.05 * i), true, null);
            }
            int count = 0;
            for (int index = 100; index < 300; index++) {
                if ((double) tpe.propose(index).orElseThrow().get("x") > 0.62) {
                    count++;
                }
            }
            beyond[withFailures] = count / 200.0;
        }
        System.out.printf("proposals beyond x = 0.62: %.3f without the failures, %.3f with them%n", beyond[0], beyond[1]);
        assertTrue(beyond[0] > 0.5, "without failures the model explores past the best: " + beyond[0]);
        assertTrue(beyond[1] < 0.1, "with failures it stays out of the failing region: " + beyond[1]);
    }
}
