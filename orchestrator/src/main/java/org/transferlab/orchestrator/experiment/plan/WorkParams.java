package org.transferlab.orchestrator.experiment.plan;

import java.util.LinkedHashMap;
import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * The parameters a worker receives for a trial (the stage contract): the spec's training defaults,
 * overridden by the trial's own parameters, plus a seed. Trials record only their own parameters;
 * these are derived again from the spec whenever the trial is queued, so a restore sends the same.
 * A guided trial and its baseline twin share their configuration and so their seed.
 */
public final class WorkParams {

    private WorkParams() {}

    public static Map<String, Object> of(ExperimentSpec spec, Stage stage, Map<String, Object> params,
            Integer configuration, int trialNumber) {
        Map<String, Object> out = new LinkedHashMap<>();
        long seed = spec.seed() + (configuration != null ? configuration : 1000L + trialNumber);
        switch (stage) {
            case FINETUNE, GUIDED, BASELINE -> {
                var train = spec.train();
                out.put("learningRate", train.learningRate());
                if (train.bodyLearningRate() != null) {
                    out.put("bodyLearningRate", train.bodyLearningRate());
                }
                out.put("frozenLayers", train.frozenLayers());
                out.put("epochs", train.epochs());
                out.put("batchSize", train.batchSize());
                out.put("checkpointEvery", train.checkpointEvery());
            }
            case STUDENT, SCRATCH -> {
                var train = spec.train();
                out.put("learningRate", train.learningRate());
                out.put("epochs", train.epochs());
                out.put("batchSize", train.batchSize());
                out.put("checkpointEvery", train.checkpointEvery());
                if (stage == Stage.STUDENT) {
                    out.put("temperature", spec.distill().temperature());
                    out.put("softWeight", spec.distill().softWeight());
                    out.put("hardWeight", spec.distill().hardWeight());
                }
            }
            default -> {
                // single stages and synthetic trials read their settings from the spec and their own params
            }
        }
        out.putAll(params);
        out.put("seed", seed);
        return out;
    }
}
