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

    /**
     * How many values a grid search takes from this dimension, computed without listing them: a
     * choice's values; an {@code int} range's min, min + step, … ≤ max (step {@code q}, else 1); a
     * quantised range's min, min + q, … ≤ max. Saturates at {@link Long#MAX_VALUE}; 0 for a
     * continuous or malformed dimension (no grid).
     */
    public long gridPoints() {
        if (!numeric()) {
            return values == null ? 0 : values.size();
        }
        Double step = "int".equals(type) && q == null ? Double.valueOf(1.0) : q;
        if (min == null || max == null || step == null || !(step > 0) || !Double.isFinite(min) || !Double.isFinite(max)
                || min > max) {
            return 0;
        }
        double steps = Math.floor((max - min) / step + 1e-9);
        return steps >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : (long) steps + 1;
    }
}
