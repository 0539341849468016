package org.transferlab.orchestrator.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.view.Pareto;

/**
 * Tree-structured Parzen Estimator (Bergstra et al., NeurIPS 2011), independent per parameter.
 *
 * <p>Until {@code startupTrials} configurations have succeeded it draws at random. After that it
 * ranks the succeeded configurations (best first, in the objective's direction), takes the best
 * ⌈γ·n⌉ (at most {@code maxGood}) as <em>good</em> and everything else as <em>bad</em>, fits a
 * {@link ParzenEstimator} per parameter to each group, l(x) and g(x), draws {@code candidates}
 * values from l and keeps the one with the largest l(x)/g(x). Parameters are chosen parents first;
 * a conditional parameter is fitted to the configurations in which it was present and is only
 * chosen when its condition holds for the values already chosen.
 *
 * <p>Decisions: a <b>failed</b> configuration (every repeat failed) counts as bad: maxRetries has
 * already absorbed transient failures, so what is left (diverged loss, out of memory) belongs to the
 * region. It does not count towards the start-up threshold. With {@code constantLiar}, configurations
 * still <b>pending</b> also count as bad, which steers concurrent proposals away from each other
 * without inventing a value for them. With repeats, a configuration's value is the mean of its
 * succeeded repeats (see {@link ConfigurationSearch}).
 *
 * <p><b>Several objectives</b> (MOTPE, Ozaki et al., "Multiobjective Tree-Structured Parzen
 * Estimator for Computationally Expensive Optimization Problems", GECCO 2020, and JAIR 2022): the
 * same l(x)/g(x) machinery, only the split into good and bad and the weights in l(x) change. The
 * succeeded configurations are sorted into non-dominated ranks ({@link Pareto#ranks}); whole ranks
 * join the good group, best first, while they fit in ⌈γ·n⌉; from the rank that does not fit, the
 * points that add the most hypervolume to the good group so far are taken greedily until it is full,
 * the reference point being just beyond the worst value seen of each objective
 * ({@link Pareto#nadirReference}). Each good point then weighs in l(x) by its hypervolume
 * contribution within the good group, relative to the largest (see {@link #contributionWeights}), as
 * in the 2022 paper and Optuna's TPESampler: l(x) leans towards the points that hold most of the
 * front's hypervolume (its extremes and its isolated points), and a point dominated within the
 * group keeps almost no weight. The reference for these contributions is the good group's own nadir,
 * which, unlike Optuna's 1.1 × the worst value, does not depend on where an objective's zero lies
 * (a maximised metric enters negated). g(x) weighs its points equally. This weighting is what
 * closed the gap to Optuna on ZDT1 (docs/BENCHMARKS.md); Optuna's other multi-objective defaults
 * were measured on tuning seeds and not taken: γ = 0.1 (lower hypervolume on ZDT2 and DTLZ2 once
 * the weights are in), older bad points weighing less (no clear effect), and the prior's centre
 * counting as a neighbour for the bandwidths (lower on ZDT1).
 *
 * <p>Replay: a proposal depends on its index (its random stream) and on the sets of observed and
 * pending configurations, which are ranked by value and then by their params, never by arrival; the
 * contribution weights are computed from the good group in that order.
 */
public final class TpeSearch extends ConfigurationSearch {

    /**
     * @param startupTrials succeeded configurations needed before the model is used
     * @param gamma the fraction of succeeded configurations that count as good
     * @param maxGood the most configurations that count as good
     * @param candidates draws from l(x) per parameter per proposal
     * @param constantLiar count pending configurations as bad
     * @param weighByContribution with several objectives, weigh each good point in l(x) by its
     *     hypervolume contribution (no effect with one objective)
     */
    public record Settings(int startupTrials, double gamma, int maxGood, int candidates, boolean constantLiar,
            boolean weighByContribution) {

        /**
         * 10 start-up configurations (fewer for small budgets, at least 2), γ = 0.25, 24 candidates,
         * good points weighed by hypervolume contribution.
         */
        public static Settings defaults(int budget) {
            return new Settings(Math.min(10, Math.max(2, budget / 3)), 0.25, 25, 24, true, true);
        }
    }

    private final SearchSpace space;
    /** Per objective, whether it is maximised; one entry for a single objective. */
    private final List<Boolean> maximise;
    private final Settings settings;

    public TpeSearch(Map<String, ParamSpec> space, boolean maximise, int budget, int repeats, long seed, Settings settings) {
        this(space, List.of(maximise), budget, repeats, seed, settings);
    }

    /** A multi-objective TPE: {@code maximise} says per objective, in order, whether it is maximised. */
    public TpeSearch(Map<String, ParamSpec> space, List<Boolean> maximise, int budget, int repeats, long seed, Settings settings) {
        super(budget, repeats, seed);
        if (maximise.isEmpty()) {
            throw new IllegalArgumentException("at least one objective");
        }
        this.space = new SearchSpace(space);
        this.maximise = List.copyOf(maximise);
        this.settings = settings;
    }

    private record Ranked(Map<String, Object> params, double loss, String key) {}

    private record Scored(Map<String, Object> params, double[] loss, String key) {}

    /** The configurations l(x) and g(x) are fitted to; {@code goodWeights} null when all weigh 1. */
    private record Split(List<Map<String, Object>> good, double[] goodWeights, List<Map<String, Object>> bad) {}

    @Override
    protected Optional<Map<String, Object>> propose(int index) {
        SplittableRandom random = randomFor(index);
        List<Scored> succeeded = new ArrayList<>();
        List<Map<String, Object>> failed = new ArrayList<>();
        for (Observation o : observations()) {
            if (o.values() == null || o.values().size() < maximise.size()) {
                failed.add(o.params());
            } else {
                double[] loss = new double[maximise.size()];
                for (int i = 0; i < loss.length; i++) {
                    loss[i] = maximise.get(i) ? -o.values().get(i) : o.values().get(i);
                }
                succeeded.add(new Scored(o.params(), loss, SearchSpace.key(o.params())));
            }
        }
        if (succeeded.size() < settings.startupTrials()) {
            return Optional.of(space.sample(random));
        }
        int good = (int) Math.max(1, Math.min(settings.maxGood(), Math.ceil(settings.gamma() * succeeded.size())));
        Split split = maximise.size() == 1 ? splitByValue(succeeded, good) : splitByDominance(succeeded, good);
        List<Map<String, Object>> bad = new ArrayList<>(failed);
        bad.addAll(split.bad());
        if (settings.constantLiar()) {
            bad.addAll(pending());
        }
        Map<String, Object> chosen = new LinkedHashMap<>();
        for (String name : space.order()) {
            if (space.active(name, chosen)) {
                ParzenEstimator l = fitTo(space.param(name), name, split.good(), split.goodWeights());
                ParzenEstimator g = fitTo(space.param(name), name, bad, null);
                chosen.put(name, choose(l, g, random));
            }
        }
        return Optional.of(space.inDeclaredOrder(chosen));
    }

    /** The single-objective split: the {@code good} best values, ties broken by params. */
    private static Split splitByValue(List<Scored> succeeded, int good) {
        List<Ranked> ranked = new ArrayList<>();
        for (Scored s : succeeded) {
            ranked.add(new Ranked(s.params(), s.loss()[0], s.key()));
        }
        ranked.sort(Comparator.comparingDouble(Ranked::loss).thenComparing(Ranked::key));
        List<Map<String, Object>> goodParams = new ArrayList<>();
        List<Map<String, Object>> bad = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            (i < good ? goodParams : bad).add(ranked.get(i).params());
        }
        return new Split(goodParams, null, bad);
    }

    /**
     * MOTPE's split: whole non-dominated ranks while they fit in {@code good}, then the best
     * hypervolume additions from the rank that does not fit; the good points weighed by their
     * hypervolume contribution within the good group when the settings say so.
     */
    private Split splitByDominance(List<Scored> succeeded, int good) {
        List<Scored> sorted = new ArrayList<>(succeeded);
        sorted.sort(Comparator.comparing(Scored::key));
        double[][] losses = sorted.stream().map(Scored::loss).toArray(double[][]::new);
        int[] rank = Pareto.ranks(losses);
        double[] reference = Pareto.nadirReference(losses);
        boolean[] isGood = new boolean[sorted.size()];
        List<double[]> chosen = new ArrayList<>();
        int maxRank = Arrays.stream(rank).max().orElse(0);
        for (int r = 0; r <= maxRank && chosen.size() < good; r++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < rank.length; i++) {
                if (rank[i] == r) {
                    members.add(i);
                }
            }
            if (chosen.size() + members.size() <= good) {
                for (int i : members) {
                    isGood[i] = true;
                    chosen.add(losses[i]);
                }
            } else {
                double[][] candidates = members.stream().map(i -> losses[i]).toArray(double[][]::new);
                for (int pick : Pareto.greedyByHypervolume(chosen.toArray(double[][]::new), candidates, good - chosen.size(), reference)) {
                    isGood[members.get(pick)] = true;
                }
                break;
            }
        }
        List<Map<String, Object>> goodParams = new ArrayList<>();
        List<double[]> goodLosses = new ArrayList<>();
        List<Map<String, Object>> bad = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i++) {
            if (isGood[i]) {
                goodParams.add(sorted.get(i).params());
                goodLosses.add(losses[i]);
            } else {
                bad.add(sorted.get(i).params());
            }
        }
        double[] weights = settings.weighByContribution() ? contributionWeights(goodLosses.toArray(double[][]::new)) : null;
        return new Split(goodParams, weights, bad);
    }

    /** The weight left to a good point that adds no hypervolume, relative to the largest. */
    static final double CONTRIBUTION_FLOOR = 1e-12;

    /**
     * The weight of each good point in l(x): its exclusive hypervolume contribution within the good
     * group, divided by the largest one, so the most contributing point weighs 1 like the prior.
     * The reference point is the good group's own {@link Pareto#nadirReference} (a tenth of the
     * spread beyond its worst values), so the group's extremes contribute without dominating. Equal
     * loss vectors share the contribution of their vector (each alone would add nothing, and the
     * region they hold would lose all weight). A point dominated within the group contributes
     * nothing and keeps only {@link #CONTRIBUTION_FLOOR} of the largest: it still shapes the bandwidths
     * of its neighbours. A lone point weighs 1.
     */
    static double[] contributionWeights(double[][] losses) {
        int n = losses.length;
        double[] weights = new double[n];
        if (n == 0) {
            return weights;
        }
        List<double[]> distinct = new ArrayList<>();
        int[] which = new int[n];
        for (int i = 0; i < n; i++) {
            int found = -1;
            for (int j = 0; j < distinct.size() && found < 0; j++) {
                if (Arrays.equals(distinct.get(j), losses[i])) {
                    found = j;
                }
            }
            if (found < 0) {
                found = distinct.size();
                distinct.add(losses[i]);
            }
            which[i] = found;
        }
        double[][] vectors = distinct.toArray(double[][]::new);
        double[] contribution = vectors.length == 1 ? new double[] {1} : Pareto.contributions(vectors, Pareto.nadirReference(vectors));
        int[] copies = new int[vectors.length];
        for (int w : which) {
            copies[w]++;
        }
        double largest = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = contribution[which[i]] / copies[which[i]];
            largest = Math.max(largest, weights[i]);
        }
        for (int i = 0; i < n; i++) {
            weights[i] = largest > 0 ? Math.max(weights[i] / largest, CONTRIBUTION_FLOOR) : 1;
        }
        return weights;
    }

    /** Of {@code candidates} draws from l, the one with the largest l(x)/g(x). */
    private Object choose(ParzenEstimator l, ParzenEstimator g, SplittableRandom random) {
        Object best = null;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < settings.candidates(); i++) {
            Object candidate = l.sample(random);
            double score = l.logDensity(candidate) - g.logDensity(candidate);
            if (best == null || score > bestScore) {
                best = candidate;
                bestScore = score;
            }
        }
        return best;
    }

    /** The estimator of one parameter over the configurations in which it is present. */
    private static ParzenEstimator fitTo(ParamSpec p, String name, List<Map<String, Object>> params, double[] weights) {
        List<Object> values = new ArrayList<>();
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Object v = params.get(i).get(name);
            if (v != null) {
                values.add(v);
                kept.add(weights == null ? 1.0 : weights[i]);
            }
        }
        return ParzenEstimator.fit(p, values, weights == null ? null : kept.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
