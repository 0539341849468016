package org.transferlab.orchestrator.search;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * The bookkeeping every searcher shares: configurations, their repeats, and which trials are
 * pending or finished. Subclasses only decide what configuration number {@code index} is.
 *
 * <p><b>Repeats.</b> Each configuration is handed out {@code repeats} times in a row; when repeats
 * &gt; 1 each copy carries a {@code seed} parameter, {@code baseSeed + repeatIndex}. A configuration
 * is <em>observed</em> once all its repeats have finished; its value is the mean of the repeats that
 * succeeded, or failed (null) if none did. Until then it is <em>pending</em>.
 *
 * <p><b>Replay.</b> What a subclass proposes for configuration {@code index} may depend only on
 * {@code index}, the seed, and the sets of observed and pending configurations at that moment, never
 * on the order in which results arrived. Trial number k is always repeat {@code k % repeats} of
 * configuration {@code k / repeats}. So replaying the recorded trials in trial order rebuilds exactly
 * the state the uninterrupted searcher had, and its next proposal is the same.
 */
abstract class ConfigurationSearch implements SearchStrategy {

    static final String SEED = "seed";

    /**
     * A configuration whose repeats have all finished; {@code value} (the first objective) is null
     * when all failed, {@code values} every objective's mean, null exactly when {@code value} is.
     */
    record Observation(Map<String, Object> params, Double value, List<Double> values) {

        Observation(Map<String, Object> params, Double value) {
            this(params, value, value == null ? null : List.of(value));
        }
    }

    private static final class Configuration {
        final Map<String, Object> params;
        /** Per repeat the objective vector, null when that repeat failed. */
        final double[][] values;
        final boolean[] finished;

        Configuration(Map<String, Object> params, int repeats) {
            this.params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
            this.values = new double[repeats][];
            this.finished = new boolean[repeats];
        }

        boolean complete() {
            for (boolean f : finished) {
                if (!f) {
                    return false;
                }
            }
            return true;
        }

        /** The mean objective vector of the succeeded repeats, or null if none succeeded. */
        double[] mean() {
            double[] sum = null;
            int n = 0;
            for (double[] v : values) {
                if (v != null) {
                    if (sum == null) {
                        sum = new double[v.length];
                    }
                    for (int i = 0; i < v.length; i++) {
                        sum[i] += v[i];
                    }
                    n++;
                }
            }
            if (sum != null) {
                for (int i = 0; i < sum.length; i++) {
                    sum[i] /= n;
                }
            }
            return sum;
        }
    }

    private final int budget;
    private final int repeats;
    private final long seed;
    private final List<Configuration> configurations = new ArrayList<>();
    /** Unfinished trial numbers by the key of their params (seed included), oldest first. */
    private final Map<String, ArrayDeque<Integer>> unfinished = new HashMap<>();
    private int trials;
    private boolean exhausted;

    /**
     * @param budget how many configurations to propose at most
     * @param repeats how many trials run each configuration
     */
    ConfigurationSearch(int budget, int repeats, long seed) {
        if (repeats < 1) {
            throw new IllegalArgumentException("repeats must be at least 1, was " + repeats);
        }
        this.budget = budget;
        this.repeats = repeats;
        this.seed = seed;
    }

    /** Configuration number {@code index}, or empty when there is none (the space is exhausted). */
    protected abstract Optional<Map<String, Object>> propose(int index);

    /** How many configurations this searcher can propose, before repeats and the budget cut. */
    protected int available() {
        return Integer.MAX_VALUE;
    }

    @Override
    public final Optional<Map<String, Object>> next() {
        int repeat = trials % repeats;
        Configuration c;
        if (repeat == 0) {
            if (exhausted || configurations.size() >= budget) {
                return Optional.empty();
            }
            Optional<Map<String, Object>> proposed = propose(configurations.size());
            if (proposed.isEmpty()) {
                exhausted = true;
                return Optional.empty();
            }
            c = new Configuration(proposed.get(), repeats);
            configurations.add(c);
        } else {
            c = configurations.getLast();
        }
        Map<String, Object> params = withSeed(c.params, repeat);
        unfinished.computeIfAbsent(SearchSpace.key(params), k -> new ArrayDeque<>()).addLast(trials++);
        return Optional.of(params);
    }

    @Override
    public final void replayObjectives(Map<String, Object> params, boolean finished, List<Double> objective) {
        int repeat = trials % repeats;
        if (repeat == 0) {
            Map<String, Object> config = new LinkedHashMap<>(params);
            if (repeats > 1) {
                config.remove(SEED);
            }
            configurations.add(new Configuration(config, repeats));
        }
        int index = trials++;
        if (finished) {
            record(index, objective);
        } else {
            Configuration c = configurations.getLast();
            unfinished.computeIfAbsent(SearchSpace.key(withSeed(c.params, repeat)), k -> new ArrayDeque<>()).addLast(index);
        }
    }

    @Override
    public final void observeObjectives(Map<String, Object> params, List<Double> objective) {
        ArrayDeque<Integer> waiting = unfinished.get(SearchSpace.key(params));
        // Identical proposals are interchangeable: the oldest unfinished one takes the result. A result
        // for no pending proposal (or a second report) is ignored: a restore could not replay it and
        // would then diverge from the uninterrupted searcher.
        if (waiting != null && !waiting.isEmpty()) {
            record(waiting.removeFirst(), objective);
        }
    }

    @Override
    public final int plannedTrials() {
        return (int) Math.min((long) Math.min(budget, available()) * repeats, Integer.MAX_VALUE);
    }

    private void record(int trial, List<Double> objective) {
        Configuration c = configurations.get(trial / repeats);
        c.finished[trial % repeats] = true;
        c.values[trial % repeats] = usable(objective);
    }

    /** The vector, or null when it is missing or any value is missing or not finite (a failure). */
    private static double[] usable(List<Double> objective) {
        if (objective == null || objective.isEmpty()) {
            return null;
        }
        double[] out = new double[objective.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = objective.get(i);
            if (v == null || v.isNaN() || v.isInfinite()) {
                return null;
            }
            out[i] = v;
        }
        return out;
    }

    private Map<String, Object> withSeed(Map<String, Object> params, int repeat) {
        if (repeats == 1) {
            return params;
        }
        Map<String, Object> out = new LinkedHashMap<>(params);
        out.put(SEED, seed + repeat);
        return out;
    }

    /** Configurations whose repeats have all finished, in proposal order. */
    protected final List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        for (Configuration c : configurations) {
            if (c.complete()) {
                double[] mean = c.mean();
                out.add(new Observation(c.params, mean == null ? null : mean[0],
                        mean == null ? null : Arrays.stream(mean).boxed().toList()));
            }
        }
        return out;
    }

    /** Configurations proposed whose repeats have not all finished. */
    protected final List<Map<String, Object>> pending() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Configuration c : configurations) {
            if (!c.complete()) {
                out.add(c.params);
            }
        }
        return out;
    }

    protected final long seed() {
        return seed;
    }

    /** The randomness of configuration {@code index}: a stream of its own, derived from (seed, index). */
    protected final SplittableRandom randomFor(int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
