package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;
import org.transferlab.protocol.view.Pareto;

class MultiObjectiveTpeTest {

    static final int SEEDS = 10;
    static final int TRIALS = 50;
    static final double[] REFERENCE = {10, 10};

    /** Schaffer's two parabolas in x with a nuisance y: the front is y = 0, x ∈ [0, 2]. */
    static List<Double> schaffer(Map<String, Object> p) {
        double x = (double) p.get("x");
        double y = (double) p.get("y");
        return List.of(x * x + y * y, (x - 2) * (x - 2) + y * y);
    }

    static Map<String, ParamSpec> space() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("x", new ParamSpec("uniform", -2.0, 4.0, null, null));
        space.put("y", new ParamSpec("uniform", -3.0, 3.0, null, null));
        return space;
    }

    static ObjectiveSpec bothMin() {
        return new ObjectiveSpec(null, null, List.of(new ObjectiveSpec.Goal("f1", "min"), new ObjectiveSpec.Goal("f2", "min")));
    }

    static SearchStrategy create(String algorithm, long seed) {
        return SearchStrategy.create(new SearchSpec(algorithm, TRIALS, 1, 1, space()), bothMin(), seed);
    }

    static double hypervolume(String algorithm, long seed) {
        SearchStrategy s = create(algorithm, seed);
        List<double[]> seen = new ArrayList<>();
        for (int i = 0; i < TRIALS; i++) {
            Map<String, Object> p = s.next().orElseThrow();
            List<Double> f = schaffer(p);
            s.observeObjectives(p, f);
            seen.add(new double[] {f.get(0), f.get(1)});
        }
        return Pareto.hypervolume(seen.toArray(double[][]::new), REFERENCE);
    }

    @Test
    void multi_objective_tpe_reaches_more_hypervolume_than_random_over_ten_seeds() {
        double tpe = 0;
        double random = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            tpe += hypervolume("tpe", seed) / SEEDS;
            random += hypervolume("random", seed) / SEEDS;
        }
        System.out.printf("Schaffer+nuisance, %d seeds x %d trials, mean hypervolume (ref 10,10): tpe %.3f, random %.3f%n",
                SEEDS, TRIALS, tpe, random);
        assertTrue(tpe > random, "tpe " + tpe + " vs random " + random);
    }

    @Test
    void a_restored_multi_objective_search_proposes_what_the_uninterrupted_one_would() {
        SearchStrategy live = create("tpe", 3);
        List<Map<String, Object>> proposed = new ArrayList<>();
        List<List<Double>> results = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            proposed.add(live.next().orElseThrow());
            results.add(i % 7 == 3 ? null : schaffer(proposed.get(i)));
        }
        // results arrive out of order, and the last three are still running
        for (int i = 16; i >= 0; i -= 2) {
            live.observeObjectives(proposed.get(i), results.get(i));
        }
        for (int i = 1; i < 17; i += 2) {
            live.observeObjectives(proposed.get(i), results.get(i));
        }
        SearchStrategy restored = create("tpe", 3);
        for (int i = 0; i < 20; i++) {
            restored.replayObjectives(proposed.get(i), i < 17, i < 17 ? results.get(i) : null);
        }
        for (int k = 0; k < 5; k++) {
            assertEquals(live.next(), restored.next());
        }
    }

    @Test
    void a_trial_missing_one_objective_counts_as_failed_and_the_search_goes_on() {
        SearchStrategy s = create("tpe", 5);
        for (int i = 0; i < TRIALS; i++) {
            Map<String, Object> p = s.next().orElseThrow();
            List<Double> f = schaffer(p);
            s.observeObjectives(p, i % 3 == 0 ? Arrays.asList(f.get(0), null) : f);
        }
        assertTrue(s.next().isEmpty());
    }

    @Test
    void the_search_learns_each_objective_in_its_own_direction() {
        // maximise -f1 and minimise f2 is the same problem as minimising both: the proposals must agree exactly
        ObjectiveSpec mixed = new ObjectiveSpec(null, null, List.of(new ObjectiveSpec.Goal("g1", "max"), new ObjectiveSpec.Goal("f2", "min")));
        SearchStrategy a = create("tpe", 9);
        SearchStrategy b = SearchStrategy.create(new SearchSpec("tpe", TRIALS, 1, 1, space()), mixed, 9);
        for (int i = 0; i < 30; i++) {
            Map<String, Object> p = a.next().orElseThrow();
            assertEquals(p, b.next().orElseThrow());
            List<Double> f = schaffer(p);
            a.observeObjectives(p, f);
            b.observeObjectives(p, List.of(-f.get(0), f.get(1)));
        }
    }

    @Test
    void good_points_weigh_by_their_hypervolume_contribution_relative_to_the_largest() {
        // reference: a tenth of the spread (2) beyond the worst values (2, 2), i.e. (2.2, 2.2).
        // Exclusive boxes: (0,2) 1 × 0.2, (1,1) 1 × 1, (2,0) 0.2 × 1; (2,2) is dominated and adds nothing.
        double[][] good = {{0, 2}, {1, 1}, {2, 0}, {2, 2}};
        assertArrayEquals(new double[] {0.2, 1, 0.2, TpeSearch.CONTRIBUTION_FLOOR}, TpeSearch.contributionWeights(good), 1e-9);
    }

    @Test
    void equal_loss_vectors_share_the_contribution_of_their_vector() {
        // (1,1) twice: its box of 1 shared, 0.5 each; relative to the largest (0.5): 0.2/0.5, 1, 1, 0.2/0.5
        double[][] good = {{0, 2}, {1, 1}, {1, 1}, {2, 0}};
        assertArrayEquals(new double[] {0.4, 1, 1, 0.4}, TpeSearch.contributionWeights(good), 1e-9);
        assertArrayEquals(new double[] {1}, TpeSearch.contributionWeights(new double[][] {{3, 4}}));
        assertArrayEquals(new double[] {1, 1}, TpeSearch.contributionWeights(new double[][] {{3, 4}, {3, 4}}));
    }

    /** ZDT1 (Zitzler, Deb and Thiele 2000) with 5 variables in [0, 1], both objectives minimised. */
    static double[] zdt1(Map<String, Object> p) {
        double x1 = (double) p.get("x0");
        double sum = 0;
        for (int i = 1; i < 5; i++) {
            sum += (double) p.get("x" + i);
        }
        double g = 1 + 9 * sum / 4;
        return new double[] {x1, g * (1 - Math.sqrt(x1 / g))};
    }

    static double zdt1Hypervolume(boolean weighByContribution, long seed, double[] reference) {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        for (int i = 0; i < 5; i++) {
            space.put("x" + i, new ParamSpec("uniform", 0.0, 1.0, null, null));
        }
        TpeSearch.Settings d = TpeSearch.Settings.defaults(100);
        TpeSearch s = new TpeSearch(space, List.of(false, false), 100, 1, seed,
                new TpeSearch.Settings(d.startupTrials(), d.gamma(), d.maxGood(), d.candidates(), d.constantLiar(), weighByContribution));
        List<double[]> seen = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Map<String, Object> p = s.next().orElseThrow();
            double[] f = zdt1(p);
            s.observeObjectives(p, List.of(f[0], f[1]));
            seen.add(f);
        }
        return Pareto.hypervolume(seen.toArray(double[][]::new), reference);
    }

    @Test
    void weighing_good_points_by_contribution_reaches_more_hypervolume_on_zdt1() {
        // seeds 1000-1019: the tuning seeds, not the benchmark's 0-9 (docs/BENCHMARKS.md)
        double[] reference = {1.1, 11};
        double weighted = 0;
        double equal = 0;
        for (long seed = 1000; seed < 1020; seed++) {
            weighted += zdt1Hypervolume(true, seed, reference) / 20;
            equal += zdt1Hypervolume(false, seed, reference) / 20;
        }
        System.out.printf("ZDT1, 20 seeds x 100 trials, mean hypervolume (ref 1.1, 11): weighted %.3f, equal weights %.3f%n", weighted, equal);
        assertTrue(weighted > equal + 0.1, "weighted " + weighted + " vs equal " + equal);
    }
}
