package org.transferlab.protocol.spec;

import java.util.List;
import java.util.Map;

/**
 * One dimension of a search space. {@code type} is one of {@code uniform}, {@code loguniform},
 * {@code int}, {@code choice}; {@code q} quantises numeric values to multiples of q. {@code when}
 * makes the parameter conditional: it is sampled only when each named parameter took one of the
 * listed values (e.g. {@code bodyLearningRate} only {@code when: {frozenLayers: [0, 1]}}).
 */
public record ParamSpec(String type, Double min, Double max, List<Object> values, Double q, Map<String, List<Object>> when) {

    public static final List<String> TYPES = List.of("uniform", "loguniform", "int", "choice");

    public ParamSpec(String type, Double min, Double max, List<Object> values, Double q) {
        this(type, min, max, values, q, null);
    }

    public boolean numeric() {
        return !"choice".equals(type);
    }

    public boolean conditional() {
        return when != null && !when.isEmpty();
    }
}
