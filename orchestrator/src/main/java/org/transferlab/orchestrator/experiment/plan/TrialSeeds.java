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
 * <p>Seeds: a sweep or baseline trial trains with its repeat's seed, the {@code seed} parameter that
 * {@code search.repeats} sets (the spec's seed plus the repeat index), or the spec's seed when the
 * sweep has no repeats. Every configuration's repeat r and every automatic baseline of repeat r
 * therefore draw the same sample, initial weights and batch order (common random numbers): a paired
 * difference compares the methods, not two draws of the data, while repeats differ from each other.
 * Single stages take theirs from the trial number.
 */
public final class TrialSeeds {

    private TrialSeeds() {}

    public static long seed(ExperimentSpec spec, TrialStage stage, Map<String, Object> params, int trialNumber) {
        if (stage.swept()) {
            return params != null && params.get("seed") instanceof Number n ? n.longValue() : spec.seed();
        }
        return spec.seed() + 1000L + trialNumber;
    }

    public static TrialConfig config(ExperimentSpec spec, TrialStage stage, Map<String, Object> params, int trialNumber) {
        return TrialConfig.resolve(spec, stage, params, seed(spec, stage, params, trialNumber));
    }
}
