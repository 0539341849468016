package org.transferlab.experiments.distill;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.train.PeriodicCheckpoints;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.transfer.FineTuneStage;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

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
public final class StudentStage {

    private static final Logger log = LoggerFactory.getLogger(StudentStage.class);

    private StudentStage() {}

    public static WorkResult run(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts,
            ProgressListener listener) throws IOException {
        DataSet train = DistillData.training(work, spec, mnist);
        DataSet validation = DistillData.validation(spec, mnist);
        int classes = spec.data().targetClasses().size();
        int epochs = work.config().epochs();
        int batchSize = work.config().batchSize();
        double learningRate = work.config().learningRate();
        String teacherId = work.input(ArtifactRole.TEACHER).orElse(null);

        DataSet fitOn = train;
        SoftTargetLoss loss = null;
        if (teacherId != null) {
            TrialConfig.Distillation distill = work.config().distillation();
            if (distill == null) {
                throw new IllegalArgumentException("STUDENT work " + work.workId() + " names a teacher but carries no "
                        + "distillation settings");
            }
            loss = new SoftTargetLoss(distill.temperature(), distill.softWeight(), distill.hardWeight());
            MultiLayerNetwork teacher = Checkpoints.load(artifacts.fetch(teacherId));
            long teacherClasses = teacher.getLayer(teacher.getnLayers() - 1).getParam("b").length();
            if (teacherClasses != classes) {
                throw new IllegalArgumentException("the teacher has " + teacherClasses + " outputs but the task has "
                        + classes + " target classes");
            }
            fitOn = new DataSet(train.getFeatures(),
                    SoftTargetLoss.pack(train.getLabels(), DistillData.logits(teacher, train.getFeatures())));
            log.info("student distilled with {} from teacher {}", loss, teacherId);
        }

        MultiLayerNetwork student;
        if (work.resumeFrom() != null) {
            student = Checkpoints.load(artifacts.fetch(work.resumeFrom()));
        } else {
            MultiLayerNetwork baseline = MlpNetwork.build(spec.model(), mnist.inputs(),
                    classes, learningRate, spec.seed());
            student = loss == null ? baseline : withLoss(baseline, loss);
        }

        TrainingLoop.Outcome outcome = new TrainingLoop(student, fitOn, validation, batchSize, spec.seed())
                .run(epochs, listener, new PeriodicCheckpoints(work, student, artifacts, listener, epochs));
        Map<String, Double> metrics = new HashMap<>(outcome.lastMetrics());
        metrics.put(DistillData.TEST_ERRORS, (double) DistillData.errors(student, DistillData.test(spec, mnist)));
        String model = Checkpoints.publish(artifacts, work.experimentId(), ArtifactRole.MODEL, student);
        return new WorkResult(metrics, Map.of(ArtifactRole.MODEL.key(), model), outcome.stoppedEarly());
    }

    /** The same network, same initial weights, with its output layer's loss replaced. */
    static MultiLayerNetwork withLoss(MultiLayerNetwork network, SoftTargetLoss loss) {
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations().clone();
        ((BaseOutputLayer) conf.getConf(conf.getConfs().size() - 1).getLayer()).setLossFn(loss);
        MultiLayerNetwork student = new MultiLayerNetwork(conf);
        student.init(network.params().dup(), false);
        return student;
    }
}
