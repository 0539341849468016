package org.transferlab.orchestrator.experiment.plan;

import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * The configuration a worker receives for a trial. Trials record only their own parameters; the
 * {@link TrialConfig} is resolved again from the spec whenever the trial is queued, so a restore
 * sends the same. A configuration's seed is shared by a guided trial and its baseline twin (and a
 * student and its scratch twin); single stages take theirs from the trial number.
 */
public final class TrialSeeds {

    private TrialSeeds() {}

    public static long seed(ExperimentSpec spec, Integer configuration, int trialNumber) {
        return spec.seed() + (configuration != null ? configuration : 1000L + trialNumber);
    }

    public static TrialConfig config(ExperimentSpec spec, TrialStage stage, Map<String, Object> params,
            Integer configuration, int trialNumber) {
        return TrialConfig.resolve(spec, stage, params, seed(spec, configuration, trialNumber));
    }
}
