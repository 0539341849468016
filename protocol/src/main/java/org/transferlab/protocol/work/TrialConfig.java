package org.transferlab.protocol.work;

import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * Every setting a worker trains one trial with, resolved once by the orchestrator from the spec's
 * defaults and the trial's own parameters ({@link #resolve}); workers read it and never work out a
 * default themselves. The experiment-wide choices (data, model, GTL and distillation method) stay in
 * the spec that travels beside it.
 *
 * @param epochs the epochs this trial trains (0 for the guide reduction, which does not train)
 * @param learningRate the head's learning rate (the whole network's where nothing is frozen)
 * @param bodyLearningRate the unfrozen body layers' learning rate
 * @param frozenLayers body layers kept fixed (fine-tunes and scouts)
 * @param checkpointEvery epochs between periodic checkpoints; 0 for none
 * @param seed this trial's seed: a configuration's repeats and twins differ only by it
 * @param examplesPerClass labelled images per class a teacher or student trains on; 0 for all
 * @param device the kind of worker slot the trial waits for: {@code cpu}, {@code gpu} or {@code any}
 * @param distillation the soft-target settings of a distilled student; null for every other stage
 * @param scout the index of a GTL scout; null for every other stage
 * @param guideScale a factor on the guide matrix for a guided fine-tune; null for the guide as published
 * @param synthetic the objective's inputs of a synthetic trial; null for real training
 */
public record TrialConfig(
        int epochs,
        int batchSize,
        double learningRate,
        double bodyLearningRate,
        int frozenLayers,
        int checkpointEvery,
        long seed,
        int examplesPerClass,
        String device,
        Distillation distillation,
        Integer scout,
        Double guideScale,
        Synthetic synthetic) {

    /** Trial parameter that picks a slot kind; accepted by every experiment kind. */
    public static final String DEVICE = "device";
    /** Trial parameter carrying a scout's index. */
    public static final String SCOUT = "scout";

    /** Temperature and weights of the soft-target (Hinton) loss. */
    public record Distillation(double temperature, double softWeight, double hardWeight) {}

    /** The inputs of the synthetic objective, and how long each epoch sleeps. */
    public record Synthetic(double x, double y, long sleepMs) {}

    /**
     * The configuration of one trial of {@code stage}: the trial's {@code params} (what the search
     * proposed, or a scout's index) over the spec's defaults for that stage.
     */
    public static TrialConfig resolve(ExperimentSpec spec, TrialStage stage, Map<String, Object> params, long seed) {
        ExperimentSpec s = spec.withDefaults();
        Params p = new Params(params == null ? Map.of() : params);
        var train = s.train();
        int epochs = switch (stage) {
            // a body imported from model.weights is loaded, not trained
            case PRETRAIN -> s.model().weights() != null ? 0 : s.pretrain().epochs();
            case SCOUT -> s.gtl().scoutEpochs();
            case GUIDE -> 0;
            case TEACHER -> p.integer("epochs", s.distill().teacherEpochs());
            default -> p.integer("epochs", train.epochs());
        };
        int batchSize = stage == TrialStage.PRETRAIN ? s.pretrain().batchSize() : p.integer("batchSize", train.batchSize());
        double learningRate = switch (stage) {
            case PRETRAIN -> s.pretrain().learningRate();
            case SCOUT -> s.gtl().scoutLearningRate();
            case TEACHER -> p.decimal("learningRate", s.distill().teacherLearningRate());
            default -> p.decimal("learningRate", train.learningRate());
        };
        double bodyLearningRate = p.decimal("bodyLearningRate",
                train.bodyLearningRate() != null ? train.bodyLearningRate() : learningRate);
        int frozenLayers = switch (stage) {
            case FINETUNE, GUIDED, BASELINE -> p.integer("frozenLayers", train.frozenLayers());
            default -> 0;
        };
        int checkpointEvery = p.integer("checkpointEvery", stage.swept() ? train.checkpointEvery() : 0);
        Distillation distillation = stage == TrialStage.STUDENT
                ? new Distillation(p.decimal("temperature", s.distill().temperature()),
                        p.decimal("softWeight", s.distill().softWeight()),
                        p.decimal("hardWeight", s.distill().hardWeight()))
                : null;
        Integer scout = stage == TrialStage.SCOUT ? p.integer(SCOUT, -1) : null;
        Double guideScale = stage == TrialStage.GUIDED && p.values().get("guideScale") instanceof Number n ? n.doubleValue() : null;
        Synthetic synthetic = stage == TrialStage.SYNTHETIC
                ? new Synthetic(p.decimal("x", 0.0), p.decimal("y", 0.0), Math.max(0, Math.round(p.decimal("sleepMs", 0.0))))
                : null;
        String device = p.values().get(DEVICE) instanceof String d && !d.isBlank() ? d : "any";
        return new TrialConfig(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed,
                p.integer("examplesPerClass", 0), device, distillation, scout, guideScale, synthetic);
    }

    /** The epochs {@link #resolve} plans for a trial, for progress displays. */
    public static int plannedEpochs(ExperimentSpec spec, TrialStage stage, Map<String, Object> params) {
        return resolve(spec, stage, params, 0).epochs();
    }

    /** Reads numeric parameters, whichever number type JSON gave them. */
    private record Params(Map<String, Object> values) {
        int integer(String name, int fallback) {
            return values.get(name) instanceof Number n ? (int) Math.round(n.doubleValue()) : fallback;
        }

        double decimal(String name, double fallback) {
            return values.get(name) instanceof Number n ? n.doubleValue() : fallback;
        }
    }
}
