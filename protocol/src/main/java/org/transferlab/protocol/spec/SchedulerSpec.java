package org.transferlab.protocol.spec;

import java.util.List;

/**
 * Early stopping and population-based training. {@code type}: {@code fifo} (never stops),
 * {@code asha} (asynchronous successive halving: rungs at gracePeriod · reductionFactor^k epochs up
 * to maxResource, a trial continues past a rung only if it is in the top 1/reductionFactor there;
 * {@code brackets} > 1 staggers the first rung), {@code median} (stop a trial whose best result so
 * far is below the median of other trials' running averages at the same epoch, after gracePeriod
 * epochs and minTrials trials), or {@code pbt} (population-based training: every
 * {@code perturbationInterval} epochs a trial in the bottom {@code quantile} of the population (each
 * trial's latest result up to that epoch) continues from the checkpoint one in the top {@code quantile}
 * published at that epoch, with the donor's
 * {@code mutations} parameters resampled from the search space with {@code resampleProbability}, else
 * multiplied by one of {@code perturbFactors}; or, with {@code explore: bandit}, chosen by a
 * time-varying Gaussian-process bandit over every trial's progress so far, as in PB2).
 *
 * @param perturbationInterval pbt: epochs between exploit decisions (a multiple of {@code train.checkpointEvery})
 * @param quantile pbt: the fraction of the population that counts as bottom (exploited) and as top (donors), in (0, 0.5]
 * @param resampleProbability pbt: chance that a mutated parameter is drawn afresh from its search space
 * @param perturbFactors pbt: the factors a mutated parameter is multiplied by, one drawn per parameter
 * @param mutations pbt: the parameters explore changes; only those that can change mid-training
 *     ({@link #MUTABLE}); default the searched ones among them
 * @param explore pbt: how an exploited trial's mutations are chosen ({@link Explore}); default perturb
 */
public record SchedulerSpec(
        String type, Integer gracePeriod, Integer reductionFactor, Integer maxResource, Integer brackets, Integer minTrials,
        Integer perturbationInterval, Double quantile, Double resampleProbability, List<Double> perturbFactors,
        List<String> mutations, String explore) {

    public static final String PBT = "pbt";

    /**
     * How population-based training picks the hyperparameters an exploited trial goes on with.
     * {@code perturb}: the donor's, perturbed or resampled (Jaderberg et al., 2017; Ray Tune's PBT).
     * {@code bandit}: a Gaussian-process bandit's choice, fitted to how much each trial improved over
     * each interval with the hyperparameters it had then (Parker-Holder et al., 2020, "PB2"), which
     * suits small populations: it does not wait for a lucky draw to leave a poor region.
     */
    public enum Explore implements SpecWord { PERTURB, BANDIT }

    /**
     * The parameters a running fine-tune can change between two epochs: the learning rates, which
     * are the updater's settings. The frozen depth, batch size, epochs, momentum and the device fix
     * the network or the loop a checkpoint was trained with, so they are inherited from the donor.
     */
    public static final List<String> MUTABLE = List.of("learningRate", "bodyLearningRate");

    /** The early-stopping shape, before population-based training. */
    public SchedulerSpec(String type, Integer gracePeriod, Integer reductionFactor, Integer maxResource, Integer brackets,
            Integer minTrials) {
        this(type, gracePeriod, reductionFactor, maxResource, brackets, minTrials, null, null, null, null, null, null);
    }

    public SchedulerSpec {
        perturbFactors = perturbFactors == null ? null : List.copyOf(perturbFactors);
        mutations = mutations == null ? null : List.copyOf(mutations);
    }

    public boolean pbt() {
        return PBT.equals(type);
    }

    /** Fills what was left out; the pbt settings only for a pbt scheduler, so other specs read as before. */
    SchedulerSpec withDefaults(int epochs, SearchSpec search) {
        String kind = type == null ? "fifo" : type;
        boolean population = PBT.equals(kind);
        List<String> mutated = mutations;
        if (mutated == null && population) {
            mutated = search == null || search.space() == null ? List.of()
                    : MUTABLE.stream().filter(search.space()::containsKey).toList();
        }
        return new SchedulerSpec(
                kind,
                gracePeriod == null ? 1 : gracePeriod,
                reductionFactor == null ? 3 : reductionFactor,
                maxResource == null ? epochs : maxResource,
                brackets == null ? 1 : brackets,
                minTrials == null ? 3 : minTrials,
                perturbationInterval == null && population ? Integer.valueOf(1) : perturbationInterval,
                quantile == null && population ? Double.valueOf(0.25) : quantile,
                resampleProbability == null && population ? Double.valueOf(0.25) : resampleProbability,
                perturbFactors == null && population ? List.of(0.8, 1.2) : perturbFactors,
                mutated,
                explore == null && population ? Explore.PERTURB.word() : explore);
    }
}
