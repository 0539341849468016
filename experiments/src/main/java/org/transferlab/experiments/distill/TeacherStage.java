package org.transferlab.experiments.distill;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.model.Networks;
import org.transferlab.experiments.train.RandomShift;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;

/**
 * The distillation teacher: the network {@code distill.teacherModel} declares (a preset or
 * {@code layers}, e.g. a conv teacher for FitNet hints or attention transfer), else an MLP with {@code distill.teacherHidden} ReLU layers, dropout
 * {@code distill.teacherDropout} on its hidden units and the work's {@link TrialConfig.Teacher}
 * input dropout on its pixels, trained with Adam at {@code distill.teacherLearningRate} for
 * {@code distill.teacherEpochs} on the target task ({@link DistillData}: the full training set of
 * the target classes by default, {@code distill.teacherExamplesPerClass} per class otherwise), each
 * training image shifted by up to the work's jitter in pixels ({@link RandomShift}) when it is
 * positive. Hinton et al.'s MNIST teacher had dropout 0.5 on hidden units, 0.2 on inputs, and
 * jitter of up to two pixels. Parameters {@code epochs}, {@code learningRate} and
 * {@code batchSize} (default {@code train.batchSize}) override; {@code checkpointEvery} and
 * {@code resumeFrom} work as in the fine-tune. Reports per-epoch metrics; the final metrics add
 * {@value DistillData#TEST_ERRORS}. Publishes the network as role {@code teacher}.
 *
 * <p>One of several listed teachers ({@code distill.teachers}) learns its own task, which its
 * {@link TrialConfig.Teacher} names: its classes of its dataset ({@link #datasetName}), with its own
 * hidden layers and dropout; data seed, splits and regularisers are the experiment's, as above.
 */
public final class TeacherStage extends TrainingStage {

    public TeacherStage(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts) {
        super(work, spec, mnist, artifacts, ArtifactRole.TEACHER);
    }

    /** The dataset a teacher trains on: its own where the config names one, else the students'. */
    public static String datasetName(WorkItem work, ExperimentSpec spec) {
        TrialConfig.Teacher teacher = work.config().teacher();
        return teacher != null && teacher.dataset() != null ? teacher.dataset() : spec.data().dataset();
    }

    @Override
    protected ComputationGraph freshNetwork() {
        if (spec.distill().teacherModel() != null) {
            return Networks.build(spec.distill().teacherModel(), dataset.info().channels(), dataset.info().height(),
                    dataset.info().width(), classes().size(), work.config().learningRate(), seed());
        }
        return MlpNetwork.build(teacherModel(), dataset.inputs(), classes().size(),
                work.config().learningRate(), seed(), regularisers().inputDropout());
    }

    /** The classes this teacher learns, in output order. */
    private List<Integer> classes() {
        TrialConfig.Teacher teacher = work.config().teacher();
        return teacher != null && teacher.classes() != null ? teacher.classes() : spec.data().targetClasses();
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        DataSet train = DistillData.training(work, spec, dataset, classes());
        DataSet validation = DistillData.validation(spec, dataset, classes());
        int jitter = regularisers().jitter();
        return jitter > 0
                ? TrainingLoop.augmented(network, train, validation, work.config().batchSize(), seed(),
                        new RandomShift(dataset.info().height(), dataset.info().width(), jitter))
                : classifier(network, train, validation, seed());
    }

    @Override
    protected DataSet testSet() {
        return DistillData.test(spec, dataset, classes());
    }

    private TrialConfig.Teacher regularisers() {
        TrialConfig.Teacher teacher = work.config().teacher();
        return teacher == null ? new TrialConfig.Teacher(0.0, 0) : teacher;
    }

    @Override
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        return DistillData.testErrors(trained, spec, dataset, classes());
    }

    /** The teacher's MLP: the config's layers and dropout, or the flat {@code distill} fields in configs from before. */
    private ModelSpec teacherModel() {
        TrialConfig.Teacher teacher = work.config().teacher();
        DistillSpec distill = spec.distill();
        return new ModelSpec("mlp", teacher != null && teacher.hidden() != null ? teacher.hidden() : distill.teacherHidden(),
                List.of(), "relu", teacher != null && teacher.dropout() != null ? teacher.dropout() : distill.teacherDropout());
    }
}
