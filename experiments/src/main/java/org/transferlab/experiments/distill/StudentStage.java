package org.transferlab.experiments.distill;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.Networks;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.protocol.spec.DistillMethod;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;

/**
 * A distillation student: the experiment's {@code model} (an MLP, LeNet or vgg network) at the
 * work's width ({@link TrialConfig#network}: the {@code width} parameter widens or thins it), trained
 * for {@code train.epochs} with Adam at {@code train.learningRate} (parameters {@code epochs},
 * {@code learningRate}, {@code batchSize} override) on the transfer set, the {@link DistillData} training set of the
 * work's {@code examplesPerClass} ({@code distill.transferExamplesPerClass}).
 *
 * <ul>
 *   <li>With a {@code teacher} input: trained on {@link SoftTargetLoss} with the frozen teacher's
 *       logits, computed once for the whole transfer set before the first epoch; temperature,
 *       weights, soft or pseudo-label targets and whether the transfer set's true labels are used
 *       come from the work's {@link TrialConfig.Distillation}. An unlabelled transfer set packs no
 *       true labels at all (zeros), so nothing of them can reach the student.
 *   <li>With {@code distill.method: fitnet} ({@link FitNetHints}), the fresh student's layers up to its
 *       guided layer first learn the teacher's hint layer through a regressor, for the hint epochs,
 *       before the soft-target epochs; the final metrics add {@value #HINT_LOSS}, the hint loss of the
 *       last hint epoch. A student resumed from a checkpoint has its hint stage behind it.
 *   <li>With {@code distill.method: attention} ({@link AttentionTransfer}), the soft-target loss is
 *       trained together with one attention-transfer term per pair of layers; the student is published
 *       without those extra outputs.
 *   <li>Without one: the from-scratch baseline, the same network (same initial weights) and budget
 *       on the transfer set's true labels only (plain cross-entropy).
 * </ul>
 *
 * Evaluation is at T = 1: validation metrics use the network's softmax output, and the final
 * metrics add {@value DistillData#TEST_ERRORS} on the full test split. {@code train_loss} is the
 * training objective, so it is not comparable between distilled and baseline students;
 * {@code val_loss} (cross-entropy) is. Publishes the student as {@code model}; a distilled student
 * keeps its {@link SoftTargetLoss} in its configuration.
 *
 * <p>With several teachers (the work's {@link TrialConfig.Distillation#teachers}), each read from
 * its own input: the teachers that share classes with the student teach its head through
 * {@link MultiTeacherLoss}, each over the shared classes with its share of softWeight; each teacher
 * that shares none (other classes or another dataset) teaches an auxiliary head of its own, a
 * softmax layer beside the head on the head's input, trained on {@link SoftTargetLoss} with its
 * share of softWeight and no hard term. That is multi-task distillation: the auxiliary tasks shape
 * the student's body, and the auxiliary heads are dropped from the published network, which
 * answers the student's classes only.
 */
public final class StudentStage extends TrainingStage {

    private static final Logger log = LoggerFactory.getLogger(StudentStage.class);

    /** Final metric of a FitNet student: the mean hint loss (MSE) of the last hint epoch. */
    public static final String HINT_LOSS = "hint_loss";

    /** The prefix of an auxiliary head's name; the rest is its teacher's input key. */
    static final String AUXILIARY = "aux-";

    private final ILossFunction loss;
    private final DataSet fitOn;
    private final ComputationGraph teacher;
    private final TrialConfig.Distillation distill;
    private final AttentionTransfer attention;
    private Double hintLoss;
    private final List<AuxiliaryHead> auxiliary = new ArrayList<>();
    /** Each sharing teacher's logits at the classes it shares, in {@link MultiTeacherLoss} order. */
    private final List<INDArray> sharedLogits = new ArrayList<>();

    /** An auxiliary head: its layer name, outputs, loss and packed labels {@code [0 | teacher logits]}. */
    private record AuxiliaryHead(String name, int outputs, SoftTargetLoss loss, INDArray labels) {}

    public StudentStage(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts) throws IOException {
        super(work, spec, mnist, artifacts, ArtifactRole.MODEL);
        DataSet train = DistillData.training(work, spec, mnist);
        String teacherId = work.input(ArtifactRole.TEACHER).orElse(null);
        if (teacherId == null) {
            this.loss = null;
            this.fitOn = train;
            this.teacher = null;
            this.distill = null;
            this.attention = null;
            return;
        }
        TrialConfig.Distillation distill = work.config().distillation();
        this.distill = distill;
        if (distill == null) {
            throw new IllegalArgumentException("STUDENT work " + work.workId() + " names a teacher but carries no "
                    + "distillation settings");
        }
        if (!distill.trueLabels() && distill.hardWeight() != 0) {
            throw new IllegalArgumentException("an unlabelled transfer set has no true labels for the hard term; hardWeight is "
                    + distill.hardWeight());
        }
        INDArray labels = distill.trueLabels() ? train.getLabels() : Nd4j.zerosLike(train.getLabels());
        if (distill.teachers() != null) {
            this.loss = fromTeachers(distill, train.getFeatures(), mnist);
            this.fitOn = new DataSet(train.getFeatures(), MultiTeacherLoss.pack(labels, sharedLogits.toArray(INDArray[]::new)));
            log.info("student distilled with {} and {} auxiliary heads from teachers {}", loss, auxiliary.size(),
                    distill.teachers().stream().map(t -> work.inputs().get(t.input())).toList());
            this.teacher = null;
            this.attention = null;
            return;
        }
        this.loss = new SoftTargetLoss(distill.temperature(), distill.softWeight(), distill.hardWeight(),
                distill.pseudoLabels());
        ComputationGraph teacher = Checkpoints.load(artifacts, teacherId);
        requireCompatible(teacher, teacherId, mnist, spec.data().targetClasses().size());
        this.teacher = teacher;
        this.fitOn = new DataSet(train.getFeatures(),
                SoftTargetLoss.pack(labels, DistillData.logits(teacher, train.getFeatures())));
        this.attention = distill.method() == DistillMethod.ATTENTION
                ? new AttentionTransfer(teacher, requirePresent(distill.attention(), "attention"), train.getFeatures())
                : null;
        if (distill.method() == DistillMethod.FITNET) {
            requirePresent(distill.hints(), "hints");
        }
        log.info("student distilled ({}) with {} from teacher {}", distill.method().wire(), loss, teacherId);
    }

    private <T> T requirePresent(T settings, String what) {
        if (settings == null) {
            throw new IllegalArgumentException("STUDENT work " + work.workId() + " distils with " + distill.method().wire()
                    + " but carries no " + what + " settings");
        }
        return settings;
    }

    /**
     * Loads every teacher and sorts it: a teacher that shares classes with the student becomes a
     * term of the head's loss (its logits at the shared classes, in {@link #sharedLogits}), one that
     * shares none an {@link AuxiliaryHead}.
     */
    private MultiTeacherLoss fromTeachers(TrialConfig.Distillation distill, INDArray features, Dataset data) throws IOException {
        List<Integer> classes = spec.data().targetClasses();
        List<int[]> columns = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (TrialConfig.TeacherTerm term : distill.teachers()) {
            String id = work.inputs().get(term.input());
            if (id == null) {
                throw new IllegalArgumentException("STUDENT work " + work.workId() + " has no input '" + term.input()
                        + "' for its teacher of classes " + term.classes());
            }
            ComputationGraph teacher = Checkpoints.load(artifacts, id);
            requireCompatible(teacher, id, data, term.classes().size());
            INDArray logits = DistillData.logits(teacher, features);
            double weight = distill.softWeight() * term.weight();
            if (term.auxiliary()) {
                auxiliary.add(new AuxiliaryHead(AUXILIARY + term.input(), term.classes().size(),
                        new SoftTargetLoss(distill.temperature(), weight, 0.0, distill.pseudoLabels()),
                        SoftTargetLoss.pack(Nd4j.zerosLike(logits), logits)));
                continue;
            }
            int[] shared = java.util.stream.IntStream.range(0, term.classes().size())
                    .filter(j -> classes.contains(term.classes().get(j))).toArray();
            columns.add(java.util.Arrays.stream(shared).map(j -> classes.indexOf(term.classes().get(j))).toArray());
            weights.add(weight);
            sharedLogits.add(logits.getColumns(shared));
        }
        return new MultiTeacherLoss(distill.temperature(), distill.hardWeight(), distill.pseudoLabels(),
                columns.toArray(int[][]::new), weights.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /**
     * The last line of defence behind the check at submission: a teacher that reads other inputs or
     * answers another number of classes fails here, naming the artifact, before anything trains.
     */
    static void requireCompatible(ComputationGraph teacher, String teacherId, Dataset data, int classes) {
        long inputs = BodyLayers.inputs(teacher);
        if (inputs != data.inputs()) {
            throw new IllegalArgumentException("teacher '" + teacherId + "' reads " + inputs + " inputs but " + data.name()
                    + " has " + data.inputs());
        }
        long teacherClasses = teacher.getLayer(BodyLayers.HEAD).getParam("b").length();
        if (teacherClasses != classes) {
            throw new IllegalArgumentException("teacher '" + teacherId + "' has " + teacherClasses + " outputs but the task has "
                    + classes + " target classes");
        }
    }

    /** What the student fits: the transfer set's features and labels (with the teacher's logits when distilled). */
    DataSet fitsOn() {
        return fitOn;
    }

    @Override
    protected ComputationGraph freshNetwork() {
        // the student's width (a searched parameter) applies alike to the distilled student and its scratch twin
        ComputationGraph baseline = Networks.build(work.config().network(spec.model()), dataset.info().channels(), dataset.info().height(),
                dataset.info().width(), spec.data().targetClasses().size(), work.config().learningRate(), seed());
        if (loss == null) {
            return baseline;
        }
        ComputationGraph student = withLoss(baseline, loss);
        student = switch (distill.method()) {
            case SOFT_TARGETS -> student;
            case FITNET -> {
                FitNetHints.Outcome hints = new FitNetHints(teacher, distill.hints())
                        .train(student, fitOn.getFeatures(), work.config().batchSize(), seed());
                hintLoss = hints.lastLoss();
                log.info("FitNet hint stage: {} epochs, hint loss {} -> {}", distill.hints().epochs(), hints.firstLoss(), hints.lastLoss());
                yield student;
            }
            case ATTENTION -> attention.withOutputs(student, fitOn.getFeatures());
        };
        return auxiliary.isEmpty() ? student : withAuxiliaryHeads(student);
    }

    /**
     * The student with one auxiliary softmax head per teacher that shares no class, each reading
     * what the head reads (through the head's own input preprocessor, if any), trained with Adam at
     * the student's rate; the head stays the first output.
     */
    private ComputationGraph withAuxiliaryHeads(ComputationGraph student) {
        String input = BodyLayers.headInput(student);
        LayerVertex head = (LayerVertex) student.getConfiguration().getVertices().get(BodyLayers.HEAD);
        long nIn = ((FeedForwardLayer) head.getLayerConf().getLayer()).getNIn();
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(student);
        List<String> outputs = new ArrayList<>(List.of(BodyLayers.HEAD));
        for (AuxiliaryHead aux : auxiliary) {
            OutputLayer layer = new OutputLayer.Builder(aux.loss()).nIn(nIn).nOut(aux.outputs()).activation(Activation.SOFTMAX)
                    .weightInit(WeightInit.XAVIER).updater(new Adam(work.config().learningRate())).build();
            builder.addLayer(aux.name(), layer, head.getPreProcessor(), input);
            outputs.add(aux.name());
        }
        return builder.setOutputs(outputs.toArray(String[]::new)).build();
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        if (attention != null) {
            return TrainingLoop.withTargets(network, fitOn, DistillData.validation(spec, dataset), work.config().batchSize(), seed(),
                    attention::targets);
        }
        if (auxiliary.isEmpty()) {
            return classifier(network, fitOn, DistillData.validation(spec, dataset), seed());
        }
        return TrainingLoop.withAuxiliaryOutputs(network, fitOn, auxiliary.stream().map(AuxiliaryHead::labels).toArray(INDArray[]::new),
                DistillData.validation(spec, dataset), work.config().batchSize(), seed());
    }

    /**
     * The student without its training-only outputs (auxiliary heads, attention terms): what it
     * learned through them stays in its body.
     */
    @Override
    protected ComputationGraph published(ComputationGraph trained) {
        return headOnly(trained);
    }

    /** The network with every output but the head removed. */
    static ComputationGraph headOnly(ComputationGraph trained) {
        if (trained.getNumOutputArrays() == 1) {
            return trained;
        }
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(trained);
        for (String output : trained.getConfiguration().getNetworkOutputs()) {
            if (!output.equals(BodyLayers.HEAD)) {
                builder.removeVertexAndConnections(output);
            }
        }
        return builder.setOutputs(BodyLayers.HEAD).build();
    }

    @Override
    protected DataSet testSet() {
        return DistillData.test(spec, dataset);
    }

    @Override
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        Map<String, Double> metrics = new HashMap<>(DistillData.testErrors(headOnly(trained), spec, dataset));
        if (hintLoss != null) {
            metrics.put(HINT_LOSS, hintLoss);
        }
        return metrics;
    }

    /** The same network, same initial weights, with its head's loss replaced. */
    static ComputationGraph withLoss(ComputationGraph network, ILossFunction loss) {
        ComputationGraphConfiguration conf = network.getConfiguration().clone();
        LayerVertex head = (LayerVertex) conf.getVertices().get(BodyLayers.HEAD);
        ((BaseOutputLayer) head.getLayerConf().getLayer()).setLossFn(loss);
        ComputationGraph student = new ComputationGraph(conf);
        student.init(network.params().dup(), false);
        return student;
    }
}
