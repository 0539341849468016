package org.transferlab.protocol.work;

import java.util.List;
import java.util.Map;
import org.transferlab.protocol.spec.Datasets;
import org.transferlab.protocol.spec.DistillMethod;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.TrainSpec;
import org.transferlab.protocol.spec.PretrainSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.spec.TeacherSpec;
import org.transferlab.protocol.spec.TransferabilitySpec;

/**
 * Every setting a worker trains one trial with, resolved once by the orchestrator from the spec's
 * defaults and the trial's own parameters ({@link #resolve}); workers read it and never work out a
 * default themselves. The experiment-wide choices (data, model, GTL and distillation method) stay in
 * the spec that travels beside it.
 *
 * @param epochs the epochs this trial trains (0 for the guide reduction and the transferability stage, which do not train)
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
 * @param transferability what the transferability stage scores; null for every other stage (its sample's
 *     size is {@code examplesPerClass})
 * @param width the width multiplier of a distillation student and its from-scratch twin (the
 *     {@code width} parameter, {@link ModelSpec#widened}); null for the spec's {@code model} as declared
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
        Masking masking,
        Transferability transferability,
        Double width) {

    /** Trial parameter carrying a scout's index. */
    public static final String SCOUT = "scout";
    /** Trial parameter of a distillation sweep: the student's width multiplier ({@link ModelSpec#widened}). */
    public static final String WIDTH = "width";
    /** Trial parameter carrying the index of a teacher of a spec that lists teachers ({@code distill.teachers}). */
    public static final String TEACHER = "teacher";

    /** A config from before optimizers could be chosen (no {@code optimizer} on the wire) trains with Adam. */
    public TrialConfig {
        if (optimizer == null) {
            optimizer = Optimizer.ADAM;
        }
    }

    /** A configuration of a network as the spec declares it (every stage before students could be widened). */
    public TrialConfig(int epochs, int batchSize, double learningRate, double bodyLearningRate, int frozenLayers,
            int checkpointEvery, long seed, int examplesPerClass, String device, Distillation distillation, Integer scout,
            Double guideScale, Synthetic synthetic, Optimizer optimizer, Teacher teacher, Masking masking,
            Transferability transferability) {
        this(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed, examplesPerClass,
                device, distillation, scout, guideScale, synthetic, optimizer, teacher, masking, transferability, null);
    }

    /** A configuration of any stage but transferability. */
    public TrialConfig(int epochs, int batchSize, double learningRate, double bodyLearningRate, int frozenLayers,
            int checkpointEvery, long seed, int examplesPerClass, String device, Distillation distillation, Integer scout,
            Double guideScale, Synthetic synthetic, Optimizer optimizer, Teacher teacher, Masking masking) {
        this(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed, examplesPerClass,
                device, distillation, scout, guideScale, synthetic, optimizer, teacher, masking, null);
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
        public static final Optimizer ADAM = new Optimizer(TrainSpec.OptimizerName.ADAM.word(), 0.0);

        public static Optimizer sgd(double momentum) {
            return new Optimizer(TrainSpec.OptimizerName.SGD.word(), momentum);
        }
    }

    /**
     * Temperature and weights of the distillation loss.
     *
     * @param pseudoLabels the teacher's term uses its argmax class (hard-label distillation, no T)
     *     instead of its softmax at temperature T
     * @param trueLabels the transfer set's true labels feed the hard term; false for an unlabelled transfer set
     * @param method what the student matches besides the teacher's outputs; {@link DistillMethod#SOFT_TARGETS} when absent
     * @param hints the FitNet stage of {@link DistillMethod#FITNET}; null for the other methods
     * @param attention the attention maps matched by {@link DistillMethod#ATTENTION}; null for the other methods
     * @param teachers the teachers of a spec that lists them ({@code distill.teachers}), in their order;
     *     null for the single teacher of the students' own classes, read from input {@code teacher}
     */
    public record Distillation(double temperature, double softWeight, double hardWeight, boolean pseudoLabels,
            boolean trueLabels, DistillMethod method, Hints hints, Attention attention, List<TeacherTerm> teachers) {

        /** A config from before methods could be chosen (no {@code method} on the wire) distils soft targets. */
        public Distillation {
            if (method == null) {
                method = DistillMethod.SOFT_TARGETS;
            }
            teachers = teachers == null ? null : List.copyOf(teachers);
        }

        /** Soft targets (or pseudo-labels) alone from one teacher of the students' own classes. */
        public Distillation(double temperature, double softWeight, double hardWeight, boolean pseudoLabels, boolean trueLabels) {
            this(temperature, softWeight, hardWeight, pseudoLabels, trueLabels, DistillMethod.SOFT_TARGETS, null, null, null);
        }

        /** Soft targets on a labelled transfer set, as in Hinton et al. */
        public Distillation(double temperature, double softWeight, double hardWeight) {
            this(temperature, softWeight, hardWeight, false, true);
        }
    }

    /**
     * FitNet's first stage, by vertex name ({@code body-1}, {@code body-1-pool}, …): the student's layers up
     * to {@code studentVertex} plus a regressor learn the teacher's {@code teacherVertex} activations.
     */
    public record Hints(String teacherVertex, String studentVertex, int epochs, double learningRate) {}

    /** Attention transfer: the vertex pairs whose maps are matched, the weight β and the exponent p. */
    public record Attention(List<VertexPair> pairs, double beta, double power) {
        public Attention {
            pairs = List.copyOf(pairs);
        }
    }

    /** A student vertex matched to a teacher vertex. */
    public record VertexPair(String student, String teacher) {}

    /**
     * What a student learns from one of several teachers.
     *
     * @param input the work input that names the teacher's network ({@link ArtifactRole#teacherInput})
     * @param classes the classes the teacher's outputs answer, in output order
     * @param auxiliary the teacher shares no class with the student (other classes or another dataset):
     *     it teaches an auxiliary head, not the student's own
     * @param weight the teacher's share of the soft term: its {@code weight} over the teachers' sum
     */
    public record TeacherTerm(String input, List<Integer> classes, boolean auxiliary, double weight) {

        public TeacherTerm {
            classes = List.copyOf(classes);
        }
    }

    /**
     * A distillation teacher's task and network beyond the common fields: what it learns and how it
     * is regularised (Hinton et al.'s MNIST teacher had input dropout and jitter).
     *
     * @param inputDropout probability of dropping each input feature during training
     * @param jitter largest random translation, in pixels, of each training image (0 for none)
     * @param index the teacher's place in {@code distill.teachers} (0 for the single teacher)
     * @param dataset the dataset it trains on; null in configs from before teachers could be listed
     *     (then the students' {@code data.dataset})
     * @param classes the classes it learns, in output order; null as {@code dataset}
     *     (then {@code data.targetClasses})
     * @param hidden its hidden layer sizes; null as {@code dataset} (then {@code distill.teacherHidden})
     * @param dropout dropout on its hidden units; null as {@code dataset} (then {@code distill.teacherDropout})
     */
    public record Teacher(double inputDropout, int jitter, int index, String dataset, List<Integer> classes,
            List<Integer> hidden, Double dropout) {

        /** The regularisers alone, as configs carried them before teachers could be listed. */
        public Teacher(double inputDropout, int jitter) {
            this(inputDropout, jitter, 0, null, null, null, null);
        }
    }

    /**
     * The corruption of an autoencoder pretraining ({@code pretrain.mode} {@code masked-autoencoder}
     * or {@code denoising}), as {@code PretrainSpec} describes it.
     *
     * @param patches whether square patches are hidden with {@code maskValue} and only they are
     *     scored (a masked autoencoder), or single features are zeroed and all scored (denoising)
     */
    public record Masking(boolean patches, double maskRatio, int patchSize, double maskValue) {}

    /**
     * What the transferability stage scores.
     *
     * @param method the score ({@code logme})
     * @param frozenLayers the candidate frozen depths, ascending, each scored on the body's features at that cut
     */
    public record Transferability(String method, List<Integer> frozenLayers) {
        public Transferability {
            frozenLayers = List.copyOf(frozenLayers);
        }
    }

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
        var distill = s.distill();
        List<TeacherSpec> teachers = distill.teacherList(s.data());
        int teacherIndex = Math.max(0, Math.min(teachers.size() - 1, p.integer(TEACHER, 0)));
        TeacherSpec teacherSpec = teachers.get(teacherIndex);
        int epochs = switch (stage) {
            // a body imported from model.weights is loaded, not trained
            case PRETRAIN -> s.model().weights() != null ? 0 : s.pretrain().epochs();
            case SCOUT -> s.gtl().scoutEpochs();
            case GUIDE, TRANSFERABILITY -> 0;
            case TEACHER -> p.integer("epochs", teacherSpec.epochs());
            default -> p.integer("epochs", train.epochs());
        };
        int batchSize = stage == TrialStage.PRETRAIN ? s.pretrain().batchSize() : p.integer("batchSize", train.batchSize());
        double learningRate = switch (stage) {
            case PRETRAIN -> s.pretrain().learningRate();
            case SCOUT -> s.gtl().scoutLearningRate();
            case TEACHER -> p.decimal("learningRate", teacherSpec.learningRate());
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
        Distillation distillation = stage == TrialStage.STUDENT
                ? new Distillation(p.decimal("temperature", distill.temperature()),
                        p.decimal("softWeight", distill.softWeight()),
                        p.decimal("hardWeight", distill.hardWeight()),
                        DistillSpec.HARD.equals(distill.mode()),
                        !DistillSpec.UNLABELLED.equals(distill.transferLabels()),
                        distill.method(), hints(s), attention(s), distill.listsTeachers() ? terms(teachers, s) : null)
                : null;
        Teacher teacher = stage == TrialStage.TEACHER
                ? new Teacher(distill.teacherInputDropout(), distill.teacherJitter(), teacherIndex, teacherSpec.dataset(),
                        teacherSpec.classes(), teacherSpec.hidden(), teacherSpec.dropout())
                : null;
        var pretrain = s.pretrain();
        Masking masking = stage == TrialStage.PRETRAIN && pretrain.autoencoder()
                ? new Masking(PretrainSpec.MASKED_AUTOENCODER.equals(pretrain.mode()), pretrain.maskRatio(),
                        pretrain.patchSize(), pretrain.maskValue())
                : null;
        // the teacher's sample and the students' transfer set (the scratch baseline's too); a parameter overrides
        int examplesPerClass = p.integer("examplesPerClass", switch (stage) {
            case TEACHER -> teacherSpec.examplesPerClass();
            case STUDENT, SCRATCH -> distill.transferExamplesPerClass();
            case TRANSFERABILITY -> s.transferability().enabled() ? s.transferability().examplesPerClass() : s.data().examplesPerClass();
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
        Transferability transferability = stage == TrialStage.TRANSFERABILITY
                ? new Transferability(s.transferability().method(), TransferabilitySpec.candidates(s))
                : null;
        String device = p.values().get(SpecValidator.DEVICE_PARAM) instanceof String d && !d.isBlank() ? d : "any";
        // a student and its from-scratch twin share the width; the teacher keeps its own network
        Double width = (stage == TrialStage.STUDENT || stage == TrialStage.SCRATCH) && p.values().get(WIDTH) instanceof Number w
                ? w.doubleValue() : null;
        return new TrialConfig(epochs, batchSize, learningRate, bodyLearningRate, frozenLayers, checkpointEvery, seed,
                examplesPerClass, device, distillation, scout, guideScale, synthetic, optimizer, teacher, masking, transferability,
                width);
    }

    private static Hints hints(ExperimentSpec s) {
        if (s.distill().method() != DistillMethod.FITNET) {
            return null;
        }
        var fitnet = s.distill().fitnet();
        return new Hints(teacherVertex(s, fitnet.hintLayer()), vertex(s.model(), s, fitnet.guidedLayer()), fitnet.epochs(),
                fitnet.learningRate());
    }

    private static Attention attention(ExperimentSpec s) {
        if (s.distill().method() != DistillMethod.ATTENTION) {
            return null;
        }
        var attention = s.distill().attention();
        return new Attention(attention.pairs().stream()
                .map(pair -> new VertexPair(vertex(s.model(), s, pair.student()), teacherVertex(s, pair.teacher())))
                .toList(), attention.beta(), attention.power());
    }

    /** A teacher loaded from an artifact is named by its vertices; a declared or MLP teacher by its layers. */
    private static String teacherVertex(ExperimentSpec s, String layer) {
        return s.distill().teacherArtifact() != null ? layer : vertex(s.distill().teacherNetwork(), s, layer);
    }

    /** The vertex of a layer name; the name itself where the spec declares no such layer (the worker names it then). */
    private static String vertex(ModelSpec model, ExperimentSpec s, String layer) {
        Datasets.Info info = s.data().info(s.data().dataset());
        String vertex = ModelLayers.vertexOf(model, info == null ? 28 : info.height(), info == null ? 28 : info.width(), layer);
        return vertex == null ? layer : vertex;
    }

    /** Each listed teacher's input, classes, relation to the students and share of the soft term. */
    private static List<TeacherTerm> terms(List<TeacherSpec> teachers, ExperimentSpec spec) {
        double total = teachers.stream().mapToDouble(TeacherSpec::weight).sum();
        return java.util.stream.IntStream.range(0, teachers.size())
                .mapToObj(i -> new TeacherTerm(ArtifactRole.teacherInput(i), teachers.get(i).classes(),
                        teachers.get(i).relation(spec.data()) == TeacherSpec.Relation.DISJOINT, teachers.get(i).weight() / total))
                .toList();
    }

    private static Optimizer optimizer(String name, double momentum) {
        return TrainSpec.OptimizerName.SGD.is(name) ? Optimizer.sgd(momentum) : Optimizer.ADAM;
    }

    /** The network this trial trains when it builds one from {@code model}: the model at its {@link #width}. */
    public ModelSpec network(ModelSpec model) {
        return width == null ? model : model.widened(width);
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
