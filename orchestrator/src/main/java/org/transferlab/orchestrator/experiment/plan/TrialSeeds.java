package org.transferlab.orchestrator.experiment.plan;

import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * The configuration a worker receives for a trial. Trials record only their own parameters; the
 * {@link TrialConfig} is resolved again from the spec whenever the trial is queued, so a restore
 * sends the same.
 *
 * <p>Seeds pair by repeat index. A sweep or baseline trial's seed is its repeat's: the {@code seed}
 * parameter the searcher gives repeat r of every configuration ({@code spec.seed + r}), or
 * {@code spec.seed} without repeats. Every configuration's repeat r, and the automatic baselines
 * that mirror it (a guided trial's {@code baseline} twin, a student's {@code scratch} run, the
 * fine-tune's network from scratch of that repeat), therefore draw the same k-shot sample,
 * initialise a same-shaped network identically and see batches in the same order: paired
 * comparisons differ by the method alone, while repeats differ in all three. Single stages
 * (pretrain, scouts, guide, teacher) take {@code spec.seed + 1000 + trial number}.
 */
public final class TrialSeeds {

    /** The parameter the searcher sets on each repeat (see {@code ConfigurationSearch}). */
    static final String SEED = "seed";

    private TrialSeeds() {}

    public static long seed(ExperimentSpec spec, TrialStage stage, Map<String, Object> params, int trialNumber) {
        if (stage.swept()) {
            return params != null && params.get(SEED) instanceof Number repeatSeed ? repeatSeed.longValue() : spec.seed();
        }
        return spec.seed() + 1000L + trialNumber;
    }

    public static TrialConfig config(ExperimentSpec spec, TrialStage stage, Map<String, Object> params, int trialNumber) {
        return TrialConfig.resolve(spec, stage, params, seed(spec, stage, params, trialNumber));
    }
}
