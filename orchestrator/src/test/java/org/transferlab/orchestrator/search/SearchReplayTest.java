package org.transferlab.orchestrator.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SearchSpec;

/**
 * A restored searcher (fresh, then every recorded trial replayed in trial order) proposes exactly
 * what the uninterrupted one proposes next, although the uninterrupted one saw its results arrive
 * out of order, interleaved with proposals.
 */
class SearchReplayTest {

    /** One trial as the store records it. */
    private static final class Recorded {
        final Map<String, Object> params;
        boolean finished;
        Double objective;

        Recorded(Map<String, Object> params) {
            this.params = params;
        }
    }

    private static Map<String, ParamSpec> space() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("lr", new ParamSpec("loguniform", 1e-4, 1.0, null, null));
        space.put("frozen", new ParamSpec("int", 0.0, 3.0, null, null));
        space.put("optimizer", new ParamSpec("choice", null, null, List.of("sgd", "adam"), null));
        space.put("momentum", new ParamSpec("uniform", 0.0, 0.99, null, 0.01, Map.of("optimizer", List.of("sgd"))));
        return space;
    }

    /** Grid needs discrete values. */
    private static Map<String, ParamSpec> gridSpace() {
        Map<String, ParamSpec> space = new LinkedHashMap<>();
        space.put("lr", new ParamSpec("loguniform", 1e-4, 1.0, null, 0.1));
        space.put("frozen", new ParamSpec("int", 0.0, 3.0, null, null));
        space.put("optimizer", new ParamSpec("choice", null, null, List.of("sgd", "adam"), null));
        space.put("momentum", new ParamSpec("uniform", 0.0, 0.9, null, 0.3, Map.of("optimizer", List.of("sgd"))));
        return space;
    }

    private static Double objective(Map<String, Object> p) {
        int frozen = ((Number) p.get("frozen")).intValue();
        if (frozen == 3 && "adam".equals(p.get("optimizer"))) {
            return null; // this corner always fails
        }
        double lr = Math.log10(((Number) p.get("lr")).doubleValue());
        double momentum = p.containsKey("momentum") ? ((Number) p.get("momentum")).doubleValue() : 0.5;
        return 1 - 0.1 * (lr + 2) * (lr + 2) - 0.05 * frozen - (momentum - 0.8) * (momentum - 0.8);
    }

    /**
     * Runs {@code steps} events with up to 3 trials in flight, finishing a random in-flight trial
     * (chosen by {@code seed}) whenever the limit is reached or a coin says so, and records trials as
     * the store would. Each event moves the in-flight count by one, so an odd count of steps always
     * ends with trials running.
     */
    private static List<Recorded> run(SearchStrategy s, int steps, long seed) {
        SplittableRandom events = new SplittableRandom(seed);
        List<Recorded> store = new ArrayList<>();
        List<Recorded> running = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            if (running.size() < 3 && (running.isEmpty() || events.nextBoolean())) {
                Optional<Map<String, Object>> next = s.next();
                if (next.isPresent()) {
                    Recorded r = new Recorded(next.get());
                    store.add(r);
                    running.add(r);
                    continue;
                }
            }
            if (!running.isEmpty()) {
                Recorded r = running.remove(events.nextInt(running.size()));
                r.finished = true;
                r.objective = objective(withoutSeed(r.params));
                s.observe(r.params, r.objective);
            }
        }
        return store;
    }

    private static Map<String, Object> withoutSeed(Map<String, Object> p) {
        Map<String, Object> out = new LinkedHashMap<>(p);
        out.remove("seed");
        return out;
    }

    private static void assertReplayEquivalent(Supplier<SearchStrategy> factory, int steps) {
        for (long eventSeed = 1; eventSeed <= 3; eventSeed++) {
            SearchStrategy uninterrupted = factory.get();
            List<Recorded> store = run(uninterrupted, steps, eventSeed);
            assertTrue(store.stream().anyMatch(r -> !r.finished), "the cut leaves trials running");

            SearchStrategy restored = factory.get();
            for (Recorded r : store) {
                restored.replay(r.params, r.finished, r.objective);
            }
            // The next proposals while the running trials are still out, then after they report.
            List<Map<String, Object>> expected = new ArrayList<>();
            List<Map<String, Object>> actual = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                uninterrupted.next().ifPresent(expected::add);
                restored.next().ifPresent(actual::add);
            }
            for (Recorded r : store) {
                if (!r.finished) {
                    uninterrupted.observe(r.params, objective(withoutSeed(r.params)));
                    restored.observe(r.params, objective(withoutSeed(r.params)));
                }
            }
            for (int i = 0; i < 4; i++) {
                uninterrupted.next().ifPresent(expected::add);
                restored.next().ifPresent(actual::add);
            }
            assertTrue(expected.size() >= 4, "the budget leaves proposals to compare");
            assertEquals(expected, actual, "event seed " + eventSeed);
        }
    }

    private static SearchStrategy create(String algorithm, Map<String, ParamSpec> space, int repeats) {
        return SearchStrategy.create(new SearchSpec(algorithm, 60, 3, repeats, space), new ObjectiveSpec("acc", "max"), 11);
    }

    @Test
    void random_search_after_replay_proposes_what_the_uninterrupted_one_does() {
        assertReplayEquivalent(() -> create("random", space(), 1), 41);
    }

    @Test
    void grid_search_after_replay_proposes_what_the_uninterrupted_one_does() {
        assertReplayEquivalent(() -> create("grid", gridSpace(), 1), 41);
    }

    @Test
    void tpe_after_replay_proposes_what_the_uninterrupted_one_does() {
        // 60 events: well past the 10 start-up configurations, so the model is in use
        assertReplayEquivalent(() -> create("tpe", space(), 1), 61);
    }

    @Test
    void tpe_with_repeats_after_replay_proposes_what_the_uninterrupted_one_does() {
        // the cut can fall between the repeats of a configuration
        assertReplayEquivalent(() -> create("tpe", space(), 2), 81);
    }

    @Test
    void tpe_proposals_depend_on_the_results_only_after_the_start_up() {
        SearchStrategy a = create("tpe", space(), 1);
        SearchStrategy b = create("tpe", space(), 1);
        for (int i = 0; i < 15; i++) {
            Map<String, Object> pa = a.next().orElseThrow();
            Map<String, Object> pb = b.next().orElseThrow();
            if (i < 10) {
                assertEquals(pa, pb, "start-up proposals are random and do not depend on the results");
            }
            Double value = objective(pa);
            a.observe(pa, value);
            b.observe(pb, value == null ? null : -value);
        }
        assertTrue(!a.next().orElseThrow().equals(b.next().orElseThrow()), "opposite results, different model proposals");
    }
}
