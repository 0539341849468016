package org.transferlab.orchestrator.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import org.transferlab.protocol.spec.ParamSpec;

/**
 * A search space with conditional parameters. Parameters are visited parents first (declaration
 * order otherwise), so a parameter's {@code when} condition can be decided from the values already
 * assigned; a parameter whose condition fails (or whose parent is itself absent) is left out of the
 * params map altogether. Every params map this class hands out lists its keys in declaration order.
 */
final class SearchSpace {

    private final Map<String, ParamSpec> params;
    private final List<String> declared;
    private final List<String> order;

    SearchSpace(Map<String, ParamSpec> space) {
        this.params = new LinkedHashMap<>(space == null ? Map.of() : space);
        this.declared = List.copyOf(params.keySet());
        this.order = parentsFirst(params);
    }

    /** Parameter names, parents before the parameters that depend on them. */
    List<String> order() {
        return order;
    }

    ParamSpec param(String name) {
        return params.get(name);
    }

    boolean isEmpty() {
        return params.isEmpty();
    }

    /** Whether {@code name} is sampled given the values assigned so far (each parent in its list). */
    boolean active(String name, Map<String, Object> assigned) {
        ParamSpec p = params.get(name);
        if (!p.conditional()) {
            return true;
        }
        for (Map.Entry<String, List<Object>> c : p.when().entrySet()) {
            Object parent = assigned.get(c.getKey());
            if (parent == null || c.getValue().stream().noneMatch(v -> sameValue(v, parent))) {
                return false;
            }
        }
        return true;
    }

    /** One independent draw: each active parameter from its own distribution. */
    Map<String, Object> sample(RandomGenerator random) {
        Map<String, Object> assigned = new LinkedHashMap<>();
        for (String name : order) {
            if (active(name, assigned)) {
                assigned.put(name, ParamSampler.sample(params.get(name), random));
            }
        }
        return inDeclaredOrder(assigned);
    }

    /**
     * The valid combinations of the space, at most {@code limit} of them: every active parameter
     * takes each of its values, an inactive one is absent, so no combination appears twice. Row-major
     * in visiting order: the last parameter varies fastest. Values are computed by index, so the cost
     * is proportional to the combinations returned, never to the size of a dimension.
     */
    List<Map<String, Object>> enumerate(int limit) {
        for (String name : order) {
            if (params.get(name).gridPoints() == 0) {
                throw new IllegalArgumentException("parameter '" + name + "' has no discrete values to enumerate: use choice, int, or set q");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        enumerate(0, new LinkedHashMap<>(), limit, out);
        return out;
    }

    private void enumerate(int depth, Map<String, Object> assigned, int limit, List<Map<String, Object>> out) {
        if (out.size() >= limit) {
            return;
        }
        if (depth == order.size()) {
            out.add(inDeclaredOrder(assigned));
            return;
        }
        String name = order.get(depth);
        if (!active(name, assigned)) {
            enumerate(depth + 1, assigned, limit, out);
            return;
        }
        ParamSpec p = params.get(name);
        long points = p.gridPoints();
        for (long i = 0; i < points && out.size() < limit; i++) {
            assigned.put(name, ParamSampler.valueAt(p, i));
            enumerate(depth + 1, assigned, limit, out);
            assigned.remove(name);
        }
    }

    Map<String, Object> inDeclaredOrder(Map<String, Object> assigned) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String name : declared) {
            if (assigned.containsKey(name)) {
                ordered.put(name, assigned.get(name));
            }
        }
        for (Map.Entry<String, Object> e : assigned.entrySet()) {
            ordered.putIfAbsent(e.getKey(), e.getValue());
        }
        return ordered;
    }

    /**
     * Equality of parameter values as they survive a trip through the store: numbers compare by
     * value (a recorded {@code 1} equals {@code 1.0}), anything else by {@code equals} or, failing
     * that, by its text (a YAML {@code "1"} listed in a {@code when} matches the integer 1).
     */
    static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
        }
        return Objects.equals(a, b) || (a != null && b != null && canonical(a).equals(canonical(b)));
    }

    /** A text form of a params map that is equal exactly when {@link #sameValue} holds for every key. */
    static String key(Map<String, Object> params) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Object> e : new TreeMap<>(params).entrySet()) {
            b.append(e.getKey()).append('=').append(canonical(e.getValue())).append(';');
        }
        return b.toString();
    }

    private static String canonical(Object v) {
        if (v instanceof Number n) {
            double d = n.doubleValue();
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
        return String.valueOf(v);
    }

    private static List<String> parentsFirst(Map<String, ParamSpec> params) {
        List<String> out = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        while (out.size() < params.size()) {
            boolean progress = false;
            for (Map.Entry<String, ParamSpec> e : params.entrySet()) {
                if (placed.contains(e.getKey())) {
                    continue;
                }
                Set<String> parents = e.getValue().conditional() ? e.getValue().when().keySet() : Set.of();
                for (String parent : parents) {
                    if (!params.containsKey(parent)) {
                        throw new IllegalArgumentException("parameter '" + e.getKey() + "' depends on '" + parent
                                + "', which is not in the space");
                    }
                }
                if (placed.containsAll(parents)) {
                    placed.add(e.getKey());
                    out.add(e.getKey());
                    progress = true;
                }
            }
            if (!progress) {
                List<String> left = new ArrayList<>(params.keySet());
                left.removeAll(placed);
                throw new IllegalArgumentException("conditional parameters depend on each other in a cycle: " + left);
            }
        }
        return Collections.unmodifiableList(out);
    }
}
