package org.transferlab.orchestrator.search;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.transferlab.protocol.spec.ParamSpec;

/** Independent uniform draws from the space (log-uniform where asked), seeded. */
public final class RandomSearch implements SearchStrategy {

    private final Map<String, ParamSpec> space;
    private final int budget;
    private final SplittableRandom random;
    private int proposed;

    public RandomSearch(Map<String, ParamSpec> space, int budget, long seed) {
        this.space = space;
        this.budget = budget;
        this.random = new SplittableRandom(seed);
    }

    @Override
    public Optional<Map<String, Object>> next() {
        if (proposed >= budget) {
            return Optional.empty();
        }
        proposed++;
        Map<String, Object> params = new LinkedHashMap<>();
        space.forEach((name, p) -> params.put(name, ParamSampler.sample(p, random)));
        return Optional.of(params);
    }

    @Override
    public void observe(Map<String, Object> params, Double objective) {
        // random search does not learn
    }

    @Override
    public int plannedTrials() {
        return budget;
    }
}
