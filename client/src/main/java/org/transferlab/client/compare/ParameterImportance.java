package org.transferlab.client.compare;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which parameters matter, from finished trials alone. Method: for each parameter, the share of the
 * objective's variance that the parameter explains on its own (the correlation ratio η² =
 * between-group sum of squares / total sum of squares). Trials are grouped by the parameter's value;
 * a numeric parameter with more than {@link #BINS} distinct values is cut into {@link #BINS}
 * equal-count (quantile) bins first, equal values always in the same bin. Like fANOVA's first-order terms it ignores interactions; unlike
 * a fitted model it needs no training and is exact for grid searches. With few trials per group η²
 * is biased upwards (a parameter with one trial per group explains everything), so parameters are
 * reported with the number of groups they were split into.
 */
public final class ParameterImportance {

    static final int BINS = 5;

    /** One parameter's importance: η² in [0, 1] and how many groups the trials fell into. */
    public record Importance(String parameter, double share, int groups) {}

    private ParameterImportance() {}

    /**
     * @param params    each trial's parameters
     * @param objective each trial's objective, same order; trials with a null objective are left out
     * @return every parameter that varies, most important first
     */
    public static List<Importance> rank(List<Map<String, Object>> params, List<Double> objective) {
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Double y = objective.get(i);
            if (y != null && Double.isFinite(y)) {
                rows.add(i);
            }
        }
        if (rows.size() < 2) {
            return List.of();
        }
        double mean = rows.stream().mapToDouble(objective::get).average().orElse(0);
        double total = rows.stream().mapToDouble(i -> square(objective.get(i) - mean)).sum();
        Set<String> names = new LinkedHashSet<>();
        rows.forEach(i -> names.addAll(params.get(i).keySet()));
        List<Importance> out = new ArrayList<>();
        for (String name : names) {
            Map<String, List<Double>> groups = groups(name, rows, params, objective);
            if (groups.size() < 2) {
                continue; // a constant parameter explains nothing
            }
            double between = 0;
            for (List<Double> g : groups.values()) {
                double gm = g.stream().mapToDouble(Double::doubleValue).average().orElse(0);
                between += g.size() * square(gm - mean);
            }
            out.add(new Importance(name, total == 0 ? 0 : Math.min(1, between / total), groups.size()));
        }
        out.sort(Comparator.comparingDouble(Importance::share).reversed().thenComparing(Importance::parameter));
        return out;
    }

    private static Map<String, List<Double>> groups(String name, List<Integer> rows, List<Map<String, Object>> params,
            List<Double> objective) {
        List<Integer> present = rows.stream().filter(i -> params.get(i).get(name) != null).toList();
        boolean numeric = present.stream().allMatch(i -> params.get(i).get(name) instanceof Number);
        Set<Object> distinct = new LinkedHashSet<>();
        present.forEach(i -> distinct.add(key(params.get(i).get(name))));
        Map<String, List<Double>> groups = new HashMap<>();
        if (numeric && distinct.size() > BINS) {
            List<Integer> sorted = new ArrayList<>(present);
            sorted.sort(Comparator.comparingDouble(i -> ((Number) params.get(i).get(name)).doubleValue()));
            // a value's bin is set by the rank of its first trial, so equal values share a bin and there are at most BINS
            int bin = 0;
            double previous = Double.NaN;
            for (int rank = 0; rank < sorted.size(); rank++) {
                double v = ((Number) params.get(sorted.get(rank)).get(name)).doubleValue();
                if (v != previous) {
                    bin = rank * BINS / sorted.size();
                    previous = v;
                }
                groups.computeIfAbsent("bin" + bin, b -> new ArrayList<>()).add(objective.get(sorted.get(rank)));
            }
        } else {
            for (int i : present) {
                groups.computeIfAbsent(String.valueOf(key(params.get(i).get(name))), b -> new ArrayList<>()).add(objective.get(i));
            }
        }
        return groups;
    }

    /** 1 and 1.0 are the same level. */
    private static Object key(Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : String.valueOf(value);
    }

    private static double square(double x) {
        return x * x;
    }
}
