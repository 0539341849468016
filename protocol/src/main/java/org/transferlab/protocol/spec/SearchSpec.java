package org.transferlab.protocol.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How trials are proposed: the algorithm ({@code grid}, {@code random}, {@code tpe}), the space,
 * the budget ({@code trials}), the concurrency limit, and {@code repeats}: each proposed
 * configuration runs this many times with different seeds (results are averaged for the searcher).
 */
public record SearchSpec(String algorithm, Integer trials, Integer maxConcurrent, Integer repeats, Map<String, ParamSpec> space) {

    SearchSpec withDefaults() {
        return new SearchSpec(
                algorithm == null ? "random" : algorithm,
                trials == null ? 4 : trials,
                maxConcurrent == null ? 2 : maxConcurrent,
                repeats == null ? 1 : repeats,
                space == null ? Map.of() : new LinkedHashMap<>(space));
    }
}
