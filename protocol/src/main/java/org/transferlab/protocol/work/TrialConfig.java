package org.transferlab.protocol.work;

import java.util.Map;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TrainSpec;
import org.transferlab.protocol.spec.PretrainSpec;
import org.transferlab.protocol.spec.SpecValidator;

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
 * @param examplesPerClass images per class a teacher or student trains on (a student's transfer set); 0 for all
 * @param device the kind of worker slot the trial waits for: {@code cpu}, {@code gpu} or {@code any}
 * @param distillation the soft-target settings of a distilled student; null for every other stage
 * @param scout the index of a GTL scout; null for every other stage
 * @param guideScale a factor on the guide matrix for a guided fine-tune; null for the guide as published
 * @param synthetic the objective's inputs of a synthetic trial; null for real training
 * @param optimizer the optimizer of fine-tunes (plain, guided, baseline) and scouts; {@link Optimizer#ADAM}
 *     for the stages that always train with Adam (pretrain, teacher, student)
 * @param teacher the regularisers of a distillation teacher's training; null for every other stage
 * @param masking how an autoencoder pretraining hides its inputs; null for every other stage and for
 *     supervised pretraining
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
        Synthetic synthetic,
        Optimizer optimizer,
        Teacher teacher,
        Masking masking) {

    /** Trial parameter carrying a scout's index. */
    public static final String SCOUT = "scout";

    /** A config from before optimizers could be chosen (no {@code optimizer} on the wire) trains with Adam. */
    public TrialConfig {
        if (optimizer == null) {
            optimizer = Optimizer.ADAM;
        }
    }

    /**
     * A configuration that trains with Adam and is neither a teacher's nor an autoencoder's: every
     * stage before optimizers could be chosen, and the stages that still always use Adam.
     */
    public TrialConfig(int epochs, int batchSize, double learningRate, double bodyLearningRate, int frozenLayers,
            int checkpointEvery, long seed, int examplesPerClass, String device, Distillation distillation, Integer scout,
            Double guideScale, Synthetic synthetic) {
        this(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed, examplesPerClass,
                device, distillation, scout, guideScale, synthetic, Optimizer.ADAM, null, null);
    }

    /**
     * The optimizer a trial trains with: {@code adam}, or {@code sgd} with a momentum coefficient
     * (0 = plain SGD, above 0 = Nesterov momentum). The learning rates stay in the config's fields.
     */
    public record Optimizer(String name, double momentum) {
        public static final Optimizer ADAM = new Optimizer(TrainSpec.ADAM, 0.0);

        public static Optimizer sgd(double momentum) {
            return new Optimizer(TrainSpec.SGD, momentum);
        }
    }

    /**
     * Temperature and weights of the distillation loss.
     *
     * @param pseudoLabels the teacher's term uses its argmax class (hard-label distillation, no T)
     *     instead of its softmax at temperature T
     * @param trueLabels the transfer set's true labels feed the hard term; false for an unlabelled transfer set
     */
    public record Distillation(double temperature, double softWeight, double hardWeight, boolean pseudoLabels,
            boolean trueLabels) {

        /** Soft targets on a labelled transfer set, as in Hinton et al. */
        public Distillation(double temperature, double softWeight, double hardWeight) {
            this(temperature, softWeight, hardWeight, false, true);
        }
    }

    /**
     * How a distillation teacher is regularised beyond its hidden-unit dropout (Hinton et al.'s MNIST teacher).
     *
     * @param inputDropout probability of dropping each input feature during training
     * @param jitter largest random translation, in pixels, of each training image (0 for none)
     */
    public record Teacher(double inputDropout, int jitter) {}

    /**
     * The corruption of an autoencoder pretraining ({@code pretrain.mode} {@code masked-autoencoder}
     * or {@code denoising}), as {@code PretrainSpec} describes it.
     *
     * @param patches whether square patches are hidden with {@code maskValue} and only they are
     *     scored (a masked autoencoder), or single features are zeroed and all scored (denoising)
     */
    public record Masking(boolean patches, double maskRatio, int patchSize, double maskValue) {}

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
        // a network from scratch has no pretrained body to treat gently: every layer at the one rate
        double bodyLearningRate = stage == TrialStage.FROM_SCRATCH ? learningRate : p.decimal("bodyLearningRate",
                train.bodyLearningRate() != null ? train.bodyLearningRate() : learningRate);
        int frozenLayers = switch (stage) {
            case FINETUNE, GUIDED, BASELINE -> p.integer("frozenLayers", train.frozenLayers());
            default -> 0;
        };
        int checkpointEvery = p.integer("checkpointEvery", stage.swept() ? train.checkpointEvery() : 0);
        var distill = s.distill();
        Distillation distillation = stage == TrialStage.STUDENT
                ? new Distillation(p.decimal("temperature", distill.temperature()),
                        p.decimal("softWeight", distill.softWeight()),
                        p.decimal("hardWeight", distill.hardWeight()),
                        DistillSpec.HARD.equals(distill.mode()),
                        !DistillSpec.UNLABELLED.equals(distill.transferLabels()))
                : null;
        Teacher teacher = stage == TrialStage.TEACHER ? new Teacher(distill.teacherInputDropout(), distill.teacherJitter()) : null;
        var pretrain = s.pretrain();
        Masking masking = stage == TrialStage.PRETRAIN && pretrain.autoencoder()
                ? new Masking(PretrainSpec.MASKED_AUTOENCODER.equals(pretrain.mode()), pretrain.maskRatio(),
                        pretrain.patchSize(), pretrain.maskValue())
                : null;
        // the teacher's sample and the students' transfer set (the scratch baseline's too); a parameter overrides
        int examplesPerClass = p.integer("examplesPerClass", switch (stage) {
            case TEACHER -> distill.teacherExamplesPerClass();
            case STUDENT, SCRATCH -> distill.transferExamplesPerClass();
            default -> 0;
        });
        Integer scout = stage == TrialStage.SCOUT ? p.integer(SCOUT, -1) : null;
        Double guideScale = stage == TrialStage.GUIDED && p.values().get("guideScale") instanceof Number n ? n.doubleValue() : null;
        Synthetic synthetic = stage.kind() == StageKind.SYNTHETIC
                ? new Synthetic(p.decimal("x", 0.0), p.decimal("y", 0.0), Math.max(0, Math.round(p.decimal("sleepMs", 0.0))))
                : null;
        Optimizer optimizer = switch (stage) {
            case SCOUT -> optimizer(s.gtl().scoutOptimizer(), s.gtl().scoutMomentum());
            case PRETRAIN, TEACHER, STUDENT, SCRATCH -> Optimizer.ADAM;
            default -> optimizer(train.optimizer(), p.decimal("momentum", train.momentum()));
        };
        String device = p.values().get(SpecValidator.DEVICE_PARAM) instanceof String d && !d.isBlank() ? d : "any";
        return new TrialConfig(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed,
                examplesPerClass, device, distillation, scout, guideScale, synthetic, optimizer, teacher, masking);
    }

    private static Optimizer optimizer(String name, double momentum) {
        return TrainSpec.SGD.equals(name) ? Optimizer.sgd(momentum) : Optimizer.ADAM;
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
