package org.transferlab.experiments.distill;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
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
 * A distillation student: the experiment's {@code model} (an MLP, LeNet or vgg network), trained
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
 */
public final class StudentStage extends TrainingStage {

    private static final Logger log = LoggerFactory.getLogger(StudentStage.class);

    /** Final metric of a FitNet student: the mean hint loss (MSE) of the last hint epoch. */
    public static final String HINT_LOSS = "hint_loss";

    private final SoftTargetLoss loss;
    private final DataSet fitOn;
    private final ComputationGraph teacher;
    private final TrialConfig.Distillation distill;
    private final AttentionTransfer attention;
    private Double hintLoss;

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
        this.loss = new SoftTargetLoss(distill.temperature(), distill.softWeight(), distill.hardWeight(),
                distill.pseudoLabels());
        ComputationGraph teacher = Checkpoints.load(artifacts, teacherId);
        requireCompatible(teacher, teacherId, mnist, spec.data().targetClasses().size());
        this.teacher = teacher;
        INDArray labels = distill.trueLabels() ? train.getLabels() : Nd4j.zerosLike(train.getLabels());
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
        ComputationGraph baseline = Networks.build(spec.model(), dataset.info().channels(), dataset.info().height(),
                dataset.info().width(), spec.data().targetClasses().size(), work.config().learningRate(), seed());
        if (loss == null) {
            return baseline;
        }
        ComputationGraph student = withLoss(baseline, loss);
        return switch (distill.method()) {
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
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        if (attention != null) {
            return TrainingLoop.withTargets(network, fitOn, DistillData.validation(spec, dataset), work.config().batchSize(), seed(),
                    attention::targets);
        }
        return classifier(network, fitOn, DistillData.validation(spec, dataset), seed());
    }

    @Override
    protected DataSet testSet() {
        return DistillData.test(spec, dataset);
    }

    @Override
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        Map<String, Double> metrics = new HashMap<>(DistillData.testErrors(AttentionTransfer.studentOnly(trained), spec, dataset));
        if (hintLoss != null) {
            metrics.put(HINT_LOSS, hintLoss);
        }
        return metrics;
    }

    @Override
    protected ComputationGraph published(ComputationGraph trained) {
        return AttentionTransfer.studentOnly(trained);
    }

    /** The same network, same initial weights, with its head's loss replaced. */
    static ComputationGraph withLoss(ComputationGraph network, SoftTargetLoss loss) {
        ComputationGraphConfiguration conf = network.getConfiguration().clone();
        LayerVertex head = (LayerVertex) conf.getVertices().get(BodyLayers.HEAD);
        ((BaseOutputLayer) head.getLayerConf().getLayer()).setLossFn(loss);
        ComputationGraph student = new ComputationGraph(conf);
        student.init(network.params().dup(), false);
        return student;
    }
}
