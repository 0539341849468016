package org.transferlab.orchestrator.search;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * Every valid combination of the discrete dimensions, row-major (the last parameter varies fastest),
 * cut at the budget. A conditional parameter takes each of its values only in the combinations where
 * its condition holds and is absent from the others, so no combination is proposed twice.
 */
public final class GridSearch extends ConfigurationSearch {

    private final List<Map<String, Object>> combinations;

    public GridSearch(Map<String, ParamSpec> space, int budget) {
        this(space, budget, 1, 0L);
    }

    public GridSearch(Map<String, ParamSpec> space, int budget, int repeats, long seed) {
        super(budget, repeats, seed);
        this.combinations = new SearchSpace(space).enumerate(budget);
    }

    @Override
    protected Optional<Map<String, Object>> propose(int index) {
        return index < combinations.size() ? Optional.of(combinations.get(index)) : Optional.empty();
    }

    @Override
    protected int available() {
        return combinations.size();
    }
}
