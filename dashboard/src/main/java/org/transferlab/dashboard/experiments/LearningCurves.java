package org.transferlab.dashboard.experiments;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.transferlab.protocol.view.MetricPoint;

/**
 * Every trial's metric values by step, filled from the REST history and then from live events.
 * Recording the same (trial, metric, step) twice keeps the latest value, so a replayed event stream
 * after a REST load changes nothing. Safe to fill from one thread and read from another.
 */
final class LearningCurves {

    private final Map<String, Map<String, NavigableMap<Integer, Double>>> byTrial = new ConcurrentHashMap<>();

    void record(String trialId, String metric, int step, double value) {
        NavigableMap<Integer, Double> curve = byTrial.computeIfAbsent(trialId, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(metric, m -> new java.util.concurrent.ConcurrentSkipListMap<>());
        curve.put(step, value);
    }

    void recordAll(Collection<MetricPoint> points) {
        points.forEach(p -> record(p.trialId(), p.name(), p.step(), p.value()));
    }

    Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        byTrial.values().forEach(m -> names.addAll(m.keySet()));
        return names;
    }

    /** Points {@code [step, value]} of one metric for one trial, in step order. */
    List<double[]> curve(String trialId, String metric) {
        NavigableMap<Integer, Double> curve = byTrial.getOrDefault(trialId, Map.of()).get(metric);
        if (curve == null) {
            return List.of();
        }
        List<double[]> points = new ArrayList<>(curve.size());
        new TreeMap<>(curve).forEach((step, value) -> points.add(new double[] {step, value}));
        return points;
    }
}
