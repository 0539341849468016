package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ParamSpec;

class SearchStrategyTest {

    private static List<Map<String, Object>> drain(SearchStrategy s) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Optional<Map<String, Object>> n = s.next(); n.isPresent(); n = s.next()) {
            out.add(n.get());
        }
        return out;
    }

    @Test
    void grid_enumerates_exactly_the_product_in_row_major_order() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("a", new ParamSpec("choice", null, null, List.of("x", "y"), null));
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
        assertEquals(List.of(0.1, 0.2, 0.3), drain(new GridSearch(space, 3)).stream().map(m -> m.get("lr")).toList());
    }

    @Test
    void random_search_is_seeded_and_respects_bounds_and_log_scale() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("lr", new ParamSpec("loguniform", 1e-4, 1e-1, null, null));
        space.put("n", new ParamSpec("int", 0.0, 2.0, null, null));
        List<Map<String, Object>> first = drain(new RandomSearch(space, 400, 7));
        assertEquals(first, drain(new RandomSearch(space, 400, 7)));
        assertEquals(400, first.size());
        long belowMillis = first.stream().filter(m -> (double) m.get("lr") < 1e-3).count();
        // log-uniform puts a third of the mass in each decade
        assertTrue(belowMillis > 90 && belowMillis < 180, "draws below 1e-3: " + belowMillis);
        assertEquals(new HashSet<>(List.of(0, 1, 2)), new HashSet<>(first.stream().map(m -> m.get("n")).toList()));
    }
}
