package org.transferlab.orchestrator.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.transferlab.orchestrator.search.ParamSampler;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SchedulerSpec.Explore;

/**
 * Population-based training (Jaderberg et al., "Population Based Training of Neural Networks",
 * 2017), asynchronous like Ray Tune's. Every {@code interval} epochs (epoch e = k·interval, below the
 * trial's last) a trial is ranked against the whole population as it stood at e: each trial's
 * latest result at or before e (its result at e itself for a trial that got there, so a trial ahead
 * is compared like with like; its latest for one behind). Among the n trials with a result the bottom
 * and the top ⌊quantile·n⌋ (at least one each) are found. A trial in the bottom is exploited: it
 * continues from the checkpoint a top trial published at e, drawn uniformly among the top trials
 * whose checkpoint at e is known, with that donor's hyperparameters, each {@code mutations}
 * parameter then resampled from its search space (its prior, e.g. log-uniform) with probability
 * {@code resampleProbability} or else multiplied by one of {@code perturbFactors}, kept within the
 * space's range (explore). With {@link Explore#BANDIT} the mutations are instead the choice of
 * {@link BanditExplore} (PB2), fitted to every interval every trial has trained: with which
 * hyperparameters, and how much its objective improved (from the donor's result where the interval
 * began with an exploit). The trial keeps its own {@code seed} parameter, which picks its data
 * sample.
 *
 * <p>Two choices differ from Ray Tune's, which ranks on each trial's latest result whatever its
 * epoch and clones the donor's latest checkpoint with its iteration count. Ranking on results no
 * later than e keeps a trial that is ahead from looking better only for its extra epochs. And the
 * donor's checkpoint is the one at e, the weights that scored its result there, so the exploited
 * trial goes on at its own epoch and trains exactly its own budget, which keeps the sweep's epoch
 * budget what the spec says. The price: the first trial to reach e has no checkpoint at e to take,
 * so it goes on there.
 *
 * <p>Every random draw of a decision comes from a generator seeded by (experiment seed, trial,
 * epoch), so a decision depends on the results seen and on nothing drawn before it.
 *
 * <p>Restore: the state is the results (by trial and epoch), each trial's current hyperparameters
 * and the exploits carried out. A decision changes no state: the experiment reports an exploit
 * it carried out through {@link #onExploited}. Replaying the recorded results into a fresh instance
 * (which knows no checkpoint yet, so it proposes nothing) and then the recorded exploits in order
 * rebuilds that state. Checkpoints known before the restart are not replayed: a trial becomes a donor
 * again when it publishes its next one.
 */
public final class PopulationBasedTraining implements TrialScheduler {

    /** A parameter that picks the trial's data sample and initialisation; never inherited. */
    private static final String SEED = "seed";

    /** An exploit carried out: after {@code epoch} the trial went on from the donor with {@code params}. */
    public record Exploited(String trialId, int epoch, String donorTrialId, int donorEpoch, Map<String, Object> params) {}

    /** What a restore must rebuild (and a test compares): results, current params and exploits. */
    public record State(Map<String, Map<Integer, Double>> results, Map<String, Map<String, Object>> params,
            List<Exploited> exploits) {}

    /** From epoch {@code from} on a trial trained with {@code params}, starting from {@code start} (NaN: its own result there). */
    private record Stretch(Map<String, Object> params, double start) {}

    private final int interval;
    private final int epochs;
    private final double quantile;
    private final double resampleProbability;
    private final List<Double> factors;
    private final Map<String, ParamSpec> mutations;
    private final Explore exploreBy;
    private final boolean maximise;
    private final long seed;
    /** Trial → epoch → its objective there (every epoch: a trial behind is ranked by its latest). */
    private final Map<String, TreeMap<Integer, Double>> results = new LinkedHashMap<>();
    /** Trial → epoch → the checkpoint it published after that epoch (interval epochs only). */
    private final Map<String, Map<Integer, String>> checkpoints = new HashMap<>();
    private final List<Exploited> exploits = new ArrayList<>();
    /**
     * Trial → the epoch each stretch of its training began (0, then each exploit) → its hyperparameters
     * and start; the last stretch holds the trial's current hyperparameters. In admission order.
     */
    private final Map<String, TreeMap<Integer, Stretch>> stretches = new LinkedHashMap<>();

    /**
     * @param epochs the epochs a trial trains unless its {@code epochs} parameter says otherwise
     * @param mutations the parameters explore changes, with their search-space dimensions
     */
    public PopulationBasedTraining(int interval, int epochs, double quantile, double resampleProbability, List<Double> factors,
            Map<String, ParamSpec> mutations, boolean maximise, long seed) {
        this(interval, epochs, quantile, resampleProbability, factors, mutations, Explore.PERTURB, maximise, seed);
    }

    /**
     * @param exploreBy how an exploited trial's mutations are chosen: the donor's perturbed, or the bandit's
     */
    public PopulationBasedTraining(int interval, int epochs, double quantile, double resampleProbability, List<Double> factors,
            Map<String, ParamSpec> mutations, Explore exploreBy, boolean maximise, long seed) {
        if (interval < 1 || !(quantile > 0 && quantile <= 0.5) || !(resampleProbability >= 0 && resampleProbability <= 1)
                || factors.isEmpty() || mutations.isEmpty()) {
            throw new IllegalArgumentException("PBT needs interval ≥ 1, quantile in (0, 0.5], resampleProbability in [0, 1],"
                    + " perturbation factors and at least one mutation");
        }
        this.interval = interval;
        this.epochs = epochs;
        this.quantile = quantile;
        this.resampleProbability = resampleProbability;
        this.factors = List.copyOf(factors);
        this.mutations = new LinkedHashMap<>(mutations);
        this.exploreBy = exploreBy;
        this.maximise = maximise;
        this.seed = seed;
    }

    @Override
    public void admit(String trialId, Map<String, Object> proposed) {
        stretches.computeIfAbsent(trialId, id -> new TreeMap<>()).put(0, new Stretch(Map.copyOf(proposed), Double.NaN));
    }

    @Override
    public void onCheckpoint(String trialId, int epoch, String artifactId) {
        if (epoch % interval == 0) {
            checkpoints.computeIfAbsent(trialId, id -> new HashMap<>()).put(epoch, artifactId);
        }
    }

    @Override
    public TrialDecision onResult(String trialId, int epoch, double objective) {
        results.computeIfAbsent(trialId, id -> new TreeMap<>()).put(epoch, objective);
        if (epoch % interval != 0) {
            return TrialDecision.CONTINUE;
        }
        Map<String, Object> own = params(trialId);
        if (own == null || epoch >= epochsOf(own)) {
            return TrialDecision.CONTINUE;
        }
        Map<String, Double> standing = standing(epoch);
        List<String> ranked = new ArrayList<>(standing.keySet());
        // best first; ties by trial id so the order never depends on arrival
        ranked.sort((a, b) -> {
            int c = Double.compare(score(standing.get(b)), score(standing.get(a)));
            return c != 0 ? c : a.compareTo(b);
        });
        int n = ranked.size();
        if (n < 2) {
            return TrialDecision.proceed("PBT epoch " + epoch + ": the population's first result, nothing to compare with");
        }
        int k = Math.max(1, (int) Math.floor(quantile * n));
        String where = "PBT epoch " + epoch + ": " + Numbers.format(objective);
        String of = " of the " + n + " trials' latest results";
        if (ranked.indexOf(trialId) < n - k) {
            return TrialDecision.proceed(where + " not in the bottom " + k + of);
        }
        List<String> donors = new ArrayList<>();
        for (String candidate : ranked.subList(0, k)) {
            if (!candidate.equals(trialId) && checkpoints.getOrDefault(candidate, Map.of()).containsKey(epoch)
                    && stretches.containsKey(candidate)) {
                donors.add(candidate);
            }
        }
        if (donors.isEmpty()) {
            return TrialDecision.proceed(where + " in the bottom " + k + of
                    + ", but no top trial's checkpoint at this epoch is known yet");
        }
        Random random = new Random(mix(seed, trialId, epoch));
        String donor = donors.get(random.nextInt(donors.size()));
        Map<String, Object> explored = exploreBy == Explore.BANDIT
                ? bandit(params(donor), own, trialId, epoch, random)
                : explore(params(donor), own, random);
        double donorObjective = standing.get(donor);
        return new TrialDecision.Exploit(donor, epoch, checkpoints.get(donor).get(epoch), explored, objective, donorObjective,
                where + " in the bottom " + k + of + ": continues from trial " + donor + " ("
                        + Numbers.format(donorObjective) + ") with " + changes(own, explored));
    }

    @Override
    public void onExploited(String trialId, int epoch, TrialDecision.Exploit exploit) {
        Double donorResult = results.getOrDefault(exploit.donorTrialId(), new TreeMap<>()).get(exploit.donorEpoch());
        stretches.computeIfAbsent(trialId, id -> new TreeMap<>()).put(epoch,
                new Stretch(Map.copyOf(exploit.params()), donorResult != null ? donorResult : exploit.donorObjective()));
        exploits.add(new Exploited(trialId, epoch, exploit.donorTrialId(), exploit.donorEpoch(), Map.copyOf(exploit.params())));
    }

    /** The trial's current hyperparameters (its proposal, or its last exploit's). */
    public Map<String, Object> params(String trialId) {
        TreeMap<Integer, Stretch> history = stretches.get(trialId);
        return history == null ? null : history.lastEntry().getValue().params();
    }

    public State state() {
        Map<String, Map<Integer, Double>> copy = new LinkedHashMap<>();
        results.forEach((t, m) -> copy.put(t, Map.copyOf(m)));
        Map<String, Map<String, Object>> current = new LinkedHashMap<>();
        stretches.forEach((t, history) -> current.put(t, history.lastEntry().getValue().params()));
        return new State(Map.copyOf(copy), Map.copyOf(current), List.copyOf(exploits));
    }

    /** Each trial's latest result at or before {@code epoch}: the population as it stood there. */
    private Map<String, Double> standing(int epoch) {
        Map<String, Double> standing = new HashMap<>();
        results.forEach((trial, byEpoch) -> {
            Map.Entry<Integer, Double> latest = byEpoch.floorEntry(epoch);
            if (latest != null) {
                standing.put(trial, latest.getValue());
            }
        });
        return standing;
    }

    /** The donor's parameters with the mutated ones perturbed or resampled, and the trial's own seed. */
    private Map<String, Object> explore(Map<String, Object> donor, Map<String, Object> own, Random random) {
        Map<String, Object> next = new LinkedHashMap<>(donor);
        if (own.containsKey(SEED)) {
            next.put(SEED, own.get(SEED));
        } else {
            next.remove(SEED);
        }
        for (Map.Entry<String, ParamSpec> m : mutations.entrySet()) {
            // drawn whether or not the donor has the parameter, so one conditional parameter never shifts another's draws
            boolean resample = random.nextDouble() < resampleProbability;
            double factor = factors.get(random.nextInt(factors.size()));
            Object fresh = ParamSampler.sample(m.getValue(), random);
            if (!(donor.get(m.getKey()) instanceof Number value)) {
                continue;
            }
            next.put(m.getKey(), resample ? fresh : within(m.getValue(), value.doubleValue() * factor));
        }
        return next;
    }

    /**
     * The donor's parameters with the mutated ones the bandit's choice for the interval after
     * {@code epoch}, and the trial's own seed. The bandit sees every interval every trial has
     * finished, and the trials other than this one that are still training as pending.
     */
    private Map<String, Object> bandit(Map<String, Object> donor, Map<String, Object> own, String trialId, int epoch, Random random) {
        List<String> names = new ArrayList<>(mutations.keySet());
        List<double[]> pending = new ArrayList<>();
        stretches.forEach((trial, history) -> {
            Map<String, Object> p = history.lastEntry().getValue().params();
            TreeMap<Integer, Double> r = results.get(trial);
            int reached = r == null || r.isEmpty() ? 0 : r.lastKey();
            if (!trial.equals(trialId) && reached < epochsOf(p)) {
                pending.add(unit(names, p));
            }
        });
        double[] x = BanditExplore.choose(observations(names), (double) (epoch + interval) / interval, pending, names.size(), random);
        Map<String, Object> next = new LinkedHashMap<>(donor);
        if (own.containsKey(SEED)) {
            next.put(SEED, own.get(SEED));
        } else {
            next.remove(SEED);
        }
        for (int d = 0; d < names.size(); d++) {
            if (donor.get(names.get(d)) instanceof Number) {
                next.put(names.get(d), fromUnit(mutations.get(names.get(d)), x[d]));
            }
        }
        return next;
    }

    /**
     * Every finished interval of every trial: its end (in intervals), the mutations it trained with
     * (in the unit cube) and how much the objective improved over it, in the better direction. An
     * interval that began with an exploit starts from the donor's result; the first interval, whose
     * start nobody measured, is left out.
     */
    List<BanditExplore.Observation> observations(List<String> names) {
        List<BanditExplore.Observation> out = new ArrayList<>();
        results.forEach((trial, byEpoch) -> {
            TreeMap<Integer, Stretch> history = stretches.get(trial);
            if (history == null) {
                return;
            }
            byEpoch.forEach((end, value) -> {
                int begin = end - interval;
                if (end % interval != 0 || begin <= 0) {
                    return;
                }
                Map.Entry<Integer, Stretch> stretch = history.floorEntry(begin);
                double start = stretch.getKey() == begin && !Double.isNaN(stretch.getValue().start())
                        ? stretch.getValue().start()
                        : byEpoch.getOrDefault(begin, Double.NaN);
                if (Double.isNaN(start) || Double.isNaN(value)) {
                    return;
                }
                out.add(new BanditExplore.Observation((double) end / interval, unit(names, stretch.getValue().params()),
                        score(value) - score(start)));
            });
        });
        return out;
    }

    /** The mutations' values in the unit cube: log-uniform ranges through the logarithm, others linearly. */
    private double[] unit(List<String> names, Map<String, Object> p) {
        double[] x = new double[names.size()];
        for (int d = 0; d < names.size(); d++) {
            ParamSpec spec = mutations.get(names.get(d));
            double v = p.get(names.get(d)) instanceof Number n ? n.doubleValue() : spec.min();
            x[d] = "loguniform".equals(spec.type())
                    ? (Math.log(v) - Math.log(spec.min())) / (Math.log(spec.max()) - Math.log(spec.min()))
                    : (v - spec.min()) / (spec.max() - spec.min());
            x[d] = Math.max(0, Math.min(1, x[d]));
        }
        return x;
    }

    private static Object fromUnit(ParamSpec spec, double u) {
        double v = "loguniform".equals(spec.type())
                ? Math.exp(Math.log(spec.min()) + u * (Math.log(spec.max()) - Math.log(spec.min())))
                : spec.min() + u * (spec.max() - spec.min());
        return within(spec, v);
    }

    /** The value moved into the dimension's range (and onto its grid, when quantised). */
    private static Object within(ParamSpec p, double v) {
        double clamped = ParamSampler.quantise(p, Math.max(p.min(), Math.min(p.max(), v)));
        return "int".equals(p.type()) ? (Object) (int) Math.round(clamped) : (Object) clamped;
    }

    private int epochsOf(Map<String, Object> p) {
        return p.get("epochs") instanceof Number n ? n.intValue() : epochs;
    }

    private static String changes(Map<String, Object> before, Map<String, Object> after) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object old = before.get(e.getKey());
            if (!e.getValue().equals(old)) {
                parts.add(e.getKey() + " " + show(old) + " → " + show(e.getValue()));
            }
        }
        return parts.isEmpty() ? "the same hyperparameters" : String.join(", ", parts);
    }

    private static String show(Object v) {
        return v instanceof Double d ? Numbers.format(d) : String.valueOf(v);
    }

    /** Higher is better; NaN is worst. */
    private double score(double objective) {
        return Double.isNaN(objective) ? Double.NEGATIVE_INFINITY : maximise ? objective : -objective;
    }

    private static long mix(long seed, String trialId, int epoch) {
        long h = seed * 0x9E3779B97F4A7C15L;
        h ^= trialId.hashCode() * 0xC2B2AE3D27D4EB4FL;
        h ^= epoch * 0x165667B19E3779F9L;
        return h ^ (h >>> 31);
    }
}
