package org.transferlab.orchestrator.search;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * Every combination of the discrete dimensions, in row-major order (the last dimension varies
 * fastest), cut at the trial budget.
 */
public final class GridSearch implements SearchStrategy {

    private final List<String> names;
    private final List<List<Object>> values;
    private final int total;
    private int next;

    public GridSearch(Map<String, ParamSpec> space, int budget) {
        this.names = new ArrayList<>(space.keySet());
        this.values = new ArrayList<>();
        long product = 1;
        for (String name : names) {
            List<Object> v = ParamSampler.enumerate(space.get(name));
            values.add(v);
            product *= v.size();
        }
        this.total = (int) Math.min(product, budget);
    }

    @Override
    public Optional<Map<String, Object>> next() {
        if (next >= total) {
            return Optional.empty();
        }
        int index = next++;
        Map<String, Object> params = new LinkedHashMap<>();
        for (int d = names.size() - 1; d >= 0; d--) {
            List<Object> v = values.get(d);
            params.put(names.get(d), v.get(index % v.size()));
            index /= v.size();
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        names.forEach(n -> ordered.put(n, params.get(n)));
        return Optional.of(ordered);
    }

    @Override
    public void observe(Map<String, Object> params, Double objective) {
        // the grid is fixed in advance
    }

    @Override
    public int plannedTrials() {
        return total;
    }
}
