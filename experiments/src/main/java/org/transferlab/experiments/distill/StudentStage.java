package org.transferlab.experiments.distill;

import java.io.IOException;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;

/**
 * A distillation student: the experiment's {@code model}, trained for {@code train.epochs} with
 * Adam at {@code train.learningRate} (parameters {@code epochs}, {@code learningRate},
 * {@code batchSize} override) on the {@link DistillData} training set.
 *
 * <ul>
 *   <li>With a {@code teacher} input: trained on {@link SoftTargetLoss} with the frozen teacher's
 *       logits, computed once for the whole training set before the first epoch; temperature,
 *       softWeight and hardWeight come from the parameters {@code temperature}, {@code softWeight},
 *       {@code hardWeight}, falling back to the spec's {@code distill} section.
 *   <li>Without one: the from-scratch baseline, the same network (same initial weights) and budget
 *       on hard labels only (plain cross-entropy).
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

    private final SoftTargetLoss loss;
    private final DataSet fitOn;

    public StudentStage(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts) throws IOException {
        super(work, spec, mnist, artifacts, ArtifactRole.MODEL);
        DataSet train = DistillData.training(work, spec, mnist);
        String teacherId = work.input(ArtifactRole.TEACHER).orElse(null);
        if (teacherId == null) {
            this.loss = null;
            this.fitOn = train;
            return;
        }
        TrialConfig.Distillation distill = work.config().distillation();
        if (distill == null) {
            throw new IllegalArgumentException("STUDENT work " + work.workId() + " names a teacher but carries no "
                    + "distillation settings");
        }
        this.loss = new SoftTargetLoss(distill.temperature(), distill.softWeight(), distill.hardWeight());
        ComputationGraph teacher = Checkpoints.load(artifacts, teacherId);
        int classes = spec.data().targetClasses().size();
        long teacherClasses = teacher.getLayer(BodyLayers.HEAD).getParam("b").length();
        if (teacherClasses != classes) {
            throw new IllegalArgumentException("the teacher has " + teacherClasses + " outputs but the task has "
                    + classes + " target classes");
        }
        this.fitOn = new DataSet(train.getFeatures(),
                SoftTargetLoss.pack(train.getLabels(), DistillData.logits(teacher, train.getFeatures())));
        log.info("student distilled with {} from teacher {}", loss, teacherId);
    }

    @Override
    protected ComputationGraph freshNetwork() {
        ComputationGraph baseline = MlpNetwork.build(spec.model(), dataset.inputs(), spec.data().targetClasses().size(),
                work.config().learningRate(), seed());
        return loss == null ? baseline : withLoss(baseline, loss);
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        return classifier(network, fitOn, DistillData.validation(spec, dataset), seed());
    }

    @Override
    protected DataSet testSet() {
        return DistillData.test(spec, dataset);
    }

    @Override
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        return DistillData.testErrors(trained, spec, dataset);
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
