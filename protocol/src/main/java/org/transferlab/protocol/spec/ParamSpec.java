package org.transferlab.protocol.spec;

import java.util.List;

/**
 * One dimension of a search space. {@code type} is one of {@code uniform}, {@code loguniform},
 * {@code int}, {@code choice}; {@code q} quantises numeric values to multiples of q.
 */
public record ParamSpec(String type, Double min, Double max, List<Object> values, Double q) {

    public static final List<String> TYPES = List.of("uniform", "loguniform", "int", "choice");

    public boolean numeric() {
        return !"choice".equals(type);
    }
}
