package org.transferlab.orchestrator.search;

import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * Independent draws from the space (log-uniform, integer and quantised where asked; conditional
 * parameters only where their condition holds). Configuration i is drawn from its own stream
 * derived from (seed, i), so it does not depend on what was proposed or observed before it.
 */
public final class RandomSearch extends ConfigurationSearch {

    private final SearchSpace space;

    public RandomSearch(Map<String, ParamSpec> space, int budget, long seed) {
        this(space, budget, 1, seed);
    }

    public RandomSearch(Map<String, ParamSpec> space, int budget, int repeats, long seed) {
        super(budget, repeats, seed);
        this.space = new SearchSpace(space);
    }

    @Override
    protected Optional<Map<String, Object>> propose(int index) {
        return Optional.of(space.sample(randomFor(index)));
    }
}
