package org.transferlab.protocol.spec;

import java.util.LinkedHashMap;
import java.util.Map;

/** How trials are proposed: the algorithm, the space, the budget and the concurrency limit. */
public record SearchSpec(String algorithm, Integer trials, Integer maxConcurrent, Map<String, ParamSpec> space) {

    SearchSpec withDefaults() {
        return new SearchSpec(
                algorithm == null ? "random" : algorithm,
                trials == null ? 4 : trials,
                maxConcurrent == null ? 2 : maxConcurrent,
                space == null ? Map.of() : new LinkedHashMap<>(space));
    }
}
