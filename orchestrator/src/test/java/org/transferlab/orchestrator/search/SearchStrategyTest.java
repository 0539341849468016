package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;

class SearchStrategyTest {

    static List<Map<String, Object>> drain(SearchStrategy s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Optional<Map<String, Object>> n = s.next(); n.isPresent(); n = s.next()) {
            out.add(n.get());
        }
        return out;
    }

    static ParamSpec choice(Object... values) {
        return new ParamSpec("choice", null, null, List.of(values), null);
    }

    static ParamSpec when(ParamSpec p, String parent, Object... values) {
        return new ParamSpec(p.type(), p.min(), p.max(), p.values(), p.q(), Map.of(parent, List.of(values)));
    }

    /** optimizer ∈ {sgd, adam}; momentum ∈ {0.5, 0.9} only for sgd; nesterov only when momentum is 0.9; frozen 0..1. */
    static Map<String, ParamSpec> conditionalSpace() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("nesterov", when(choice(true, false), "momentum", 0.9));
        space.put("optimizer", choice("sgd", "adam"));
        space.put("momentum", when(choice(0.5, 0.9), "optimizer", "sgd"));
        space.put("frozen", new ParamSpec("int", 0.0, 1.0, null, null));
        return space;
    }

    @Test
    void grid_enumerates_exactly_the_product_in_row_major_order() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("a", choice("x", "y"));
        space.put("b", new ParamSpec("int", 1.0, 3.0, null, null));
        List<Map<String, Object>> all = drain(new GridSearch(space, 100));
        assertEquals(6, all.size());
        assertEquals(Map.of("a", "x", "b", 1), all.get(0));
        assertEquals(Map.of("a", "x", "b", 2), all.get(1));
        assertEquals(Map.of("a", "y", "b", 3), all.get(5));
        assertEquals(6, new HashSet<>(all).size());
    }

    @Test
    void grid_is_cut_at_the_budget_and_quantised_floats_enumerate() {
        Map<String, ParamSpec> space = Map.of("lr", new ParamSpec("uniform", 0.1, 0.5, null, 0.1));
        GridSearch grid = new GridSearch(space, 3);
        assertEquals(3, grid.plannedTrials());
        assertEquals(List.of(0.1, 0.2, 0.3), drain(grid).stream().map(m -> m.get("lr")).toList());
    }

    @Test
    void a_grid_dimension_of_a_trillion_points_is_never_listed_only_its_first_budget_values() {
        // on a space like this the grid once listed every value of x before the budget applied (heap exhausted)
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("x", new ParamSpec("uniform", 0.0, 1.0e6, null, 1.0e-6));
        space.put("n", new ParamSpec("int", 1.0, 1.0e12, null, null));
        GridSearch grid = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> new GridSearch(space, 4));
        assertEquals(4, grid.plannedTrials());
        assertEquals(List.of(Map.of("x", 0.0, "n", 1), Map.of("x", 0.0, "n", 2), Map.of("x", 0.0, "n", 3), Map.of("x", 0.0, "n", 4)),
                drain(grid));
    }

    @Test
    void a_grid_needs_discrete_dimensions() {
        Map<String, ParamSpec> space = Map.of("lr", new ParamSpec("uniform", 0.1, 0.5, null, null));
        assertThrows(IllegalArgumentException.class, () -> new GridSearch(space, 3));
    }

    @Test
    void grid_with_conditional_parameters_enumerates_exactly_the_valid_combinations() {
        GridSearch grid = new GridSearch(conditionalSpace(), 1000);
        List<Map<String, Object>> all = drain(grid);
        // visited parents first: optimizer, momentum, frozen, nesterov (the last varies fastest)
        List<Map<String, Object>> expected = List.of(
                Map.of("optimizer", "sgd", "momentum", 0.5, "frozen", 0),
                Map.of("optimizer", "sgd", "momentum", 0.5, "frozen", 1),
                Map.of("nesterov", true, "optimizer", "sgd", "momentum", 0.9, "frozen", 0),
                Map.of("nesterov", false, "optimizer", "sgd", "momentum", 0.9, "frozen", 0),
                Map.of("nesterov", true, "optimizer", "sgd", "momentum", 0.9, "frozen", 1),
                Map.of("nesterov", false, "optimizer", "sgd", "momentum", 0.9, "frozen", 1),
                Map.of("optimizer", "adam", "frozen", 0),
                Map.of("optimizer", "adam", "frozen", 1));
        assertEquals(expected, all);
        assertEquals(8, grid.plannedTrials());
        assertEquals(List.of("nesterov", "optimizer", "momentum", "frozen"), new ArrayList<>(all.get(2).keySet()),
                "keys keep the declared order");
    }

    @Test
    void random_search_is_seeded_and_respects_bounds_and_log_scale() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("lr", new ParamSpec("loguniform", 1e-4, 1e-1, null, null));
        space.put("n", new ParamSpec("int", 0.0, 2.0, null, null));
        List<Map<String, Object>> first = drain(new RandomSearch(space, 400, 7));
        assertEquals(first, drain(new RandomSearch(space, 400, 7)));
        assertFalse(first.equals(drain(new RandomSearch(space, 400, 8))), "another seed draws other values");
        assertEquals(400, first.size());
        assertTrue(first.stream().allMatch(m -> (double) m.get("lr") >= 1e-4 && (double) m.get("lr") <= 1e-1));
        long belowMillis = first.stream().filter(m -> (double) m.get("lr") < 1e-3).count();
        // log-uniform puts a third of the mass in each decade; uniform would put 0.9 % below 1e-3
        assertTrue(belowMillis > 90 && belowMillis < 180, "draws below 1e-3: " + belowMillis);
        assertEquals(Set.of(0, 1, 2), new HashSet<>(first.stream().map(m -> m.get("n")).toList()));
    }

    @Test
    void random_quantised_values_lie_on_the_grid_from_min_within_bounds() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("dropout", new ParamSpec("uniform", 0.1, 0.5, null, 0.1));
        space.put("width", new ParamSpec("int", 1.0, 9.0, null, 2.0));
        space.put("lr", new ParamSpec("loguniform", 0.001, 0.1, null, 0.001));
        List<Map<String, Object>> all = drain(new RandomSearch(space, 500, 3));
        assertEquals(Set.of(0.1, 0.2, 0.3, 0.4, 0.5), new HashSet<>(all.stream().map(m -> m.get("dropout")).toList()));
        assertEquals(Set.of(1, 3, 5, 7, 9), new HashSet<>(all.stream().map(m -> m.get("width")).toList()));
        for (Map<String, Object> m : all) {
            double lr = (double) m.get("lr");
            assertTrue(lr >= 0.001 && lr <= 0.1, "lr " + lr);
            assertEquals(0, Math.abs(lr * 1000 - Math.round(lr * 1000)), 1e-6, "lr on the 0.001 grid: " + lr);
        }
    }

    @Test
    void conditional_parameters_appear_only_when_their_condition_holds() {
        SearchSpec spec = new SearchSpec("random", 300, 2, 1, conditionalSpace());
        for (String algorithm : List.of("random", "tpe")) {
            SearchStrategy s = SearchStrategy.create(
                    new SearchSpec(algorithm, spec.trials(), 2, 1, spec.space()), new ObjectiveSpec("x", "max"), 5);
            Set<Set<String>> shapes = new HashSet<>();
            for (Optional<Map<String, Object>> n = s.next(); n.isPresent(); n = s.next()) {
                Map<String, Object> p = n.get();
                shapes.add(p.keySet());
                assertEquals("sgd".equals(p.get("optimizer")), p.containsKey("momentum"), algorithm + " " + p);
                assertEquals(Double.valueOf(0.9).equals(p.get("momentum")), p.containsKey("nesterov"), algorithm + " " + p);
                s.observe(p, (p.get("frozen").equals(1) ? 1.0 : 0.0) + ("adam".equals(p.get("optimizer")) ? 0.5 : 0.0));
            }
            assertEquals(3, shapes.size(), algorithm + " visits every branch of the tree: " + shapes);
        }
    }

    @Test
    void conditions_that_form_a_cycle_are_rejected() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("a", when(choice(1, 2), "b", 1));
        space.put("b", when(choice(1, 2), "a", 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomSearch(space, 5, 1));
        assertTrue(e.getMessage().contains("cycle"), e.getMessage());
    }

    @Test
    void repeats_propose_each_configuration_consecutively_with_the_base_seed_plus_the_repeat_index() {
        Map<String, ParamSpec> space = Map.of("lr", new ParamSpec("uniform", 0.0, 1.0, null, null));
        SearchStrategy s = SearchStrategy.create(new SearchSpec("random", 2, 2, 3, space), new ObjectiveSpec("x", "max"), 100);
        assertEquals(6, s.plannedTrials());
        List<Map<String, Object>> all = drain(s);
        assertEquals(6, all.size());
        assertEquals(List.of(100L, 101L, 102L, 100L, 101L, 102L), all.stream().map(m -> m.get("seed")).toList());
        assertEquals(all.get(0).get("lr"), all.get(2).get("lr"));
        assertEquals(all.get(3).get("lr"), all.get(5).get("lr"));
        assertFalse(all.get(0).get("lr").equals(all.get(3).get("lr")));
    }

    @Test
    void grid_with_repeats_plans_every_combination_times_the_repeats() {
        Map<String, ParamSpec> space = Map.of("a", choice("x", "y"));
        SearchStrategy s = SearchStrategy.create(new SearchSpec("grid", 10, 2, 2, space), new ObjectiveSpec("x", "max"), 0);
        assertEquals(4, s.plannedTrials());
        assertEquals(List.of(Map.of("a", "x", "seed", 0L), Map.of("a", "x", "seed", 1L), Map.of("a", "y", "seed", 0L),
                Map.of("a", "y", "seed", 1L)), drain(s));
    }

    @Test
    void a_configuration_is_learnt_from_the_mean_of_its_succeeded_repeats_once_all_have_finished() {
        Map<String, ParamSpec> space = Map.of("lr", new ParamSpec("uniform", 0.0, 1.0, null, null));
        RandomSearch s = new RandomSearch(space, 3, 2, 0);
        List<Map<String, Object>> trials = drain(s);
        s.observe(trials.get(0), 1.0);
        assertEquals(List.of(), s.observations(), "half finished: still pending");
        assertEquals(3, s.pending().size());
        s.observe(trials.get(1), 3.0);
        s.observe(trials.get(2), null);
        s.observe(trials.get(3), 4.0);
        s.observe(trials.get(4), null);
        s.observe(trials.get(5), Double.NaN);
        List<ConfigurationSearch.Observation> seen = s.observations();
        assertEquals(List.of(2.0, 4.0), seen.subList(0, 2).stream().map(ConfigurationSearch.Observation::value).toList());
        assertEquals(null, seen.get(2).value(), "every repeat failed: the configuration failed");
        assertFalse(seen.get(0).params().containsKey("seed"), "the model sees the configuration, not the seed");
        assertEquals(List.of(), s.pending());
    }

    @Test
    void a_second_report_of_a_trial_and_params_never_proposed_are_not_learnt() {
        Map<String, ParamSpec> space = Map.of("lr", new ParamSpec("uniform", 0.0, 1.0, null, null));
        RandomSearch s = new RandomSearch(space, 3, 0);
        Map<String, Object> first = s.next().orElseThrow();
        s.observe(first, 1.0);
        s.observe(first, 5.0);
        s.observe(Map.of("lr", 2.0), 9.0);
        assertEquals(List.of(new ConfigurationSearch.Observation(first, 1.0)), s.observations());
    }

    @Test
    void a_result_recorded_as_1_matches_a_proposal_of_1_point_0() {
        Map<String, ParamSpec> space = Map.of("w", new ParamSpec("uniform", 1.0, 1.0, null, null));
        RandomSearch s = new RandomSearch(space, 1, 0);
        assertEquals(Map.of("w", 1.0), s.next().orElseThrow());
        s.observe(Map.of("w", 1), 0.5); // as it may come back from the JSON store
        assertEquals(1, s.observations().size());
    }

    @Test
    void create_builds_each_algorithm_and_rejects_unknown_ones() {
        Map<String, ParamSpec> space = Map.of("a", choice(1, 2));
        ObjectiveSpec objective = new ObjectiveSpec("x", "min");
        assertTrue(SearchStrategy.create(new SearchSpec("grid", 5, 1, 1, space), objective, 1) instanceof GridSearch);
        assertTrue(SearchStrategy.create(new SearchSpec("random", 5, 1, 1, space), objective, 1) instanceof RandomSearch);
        assertTrue(SearchStrategy.create(new SearchSpec("tpe", 5, 1, 1, space), objective, 1) instanceof TpeSearch);
        assertThrows(IllegalArgumentException.class,
                () -> SearchStrategy.create(new SearchSpec("anneal", 5, 1, 1, space), objective, 1));
    }
}
