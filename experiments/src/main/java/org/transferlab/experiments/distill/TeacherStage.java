package org.transferlab.experiments.distill;

import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;

/**
 * The distillation teacher: an MLP with {@code distill.teacherHidden} ReLU layers and dropout
 * {@code distill.teacherDropout}, trained with Adam at {@code distill.teacherLearningRate} for
 * {@code distill.teacherEpochs} on the target task ({@link DistillData}: the full training set of
 * the target classes by default). Parameters {@code epochs}, {@code learningRate} and
 * {@code batchSize} (default {@code train.batchSize}) override; {@code checkpointEvery} and
 * {@code resumeFrom} work as in the fine-tune. Reports per-epoch metrics; the final metrics add
 * {@value DistillData#TEST_ERRORS}. Publishes the network as role {@code teacher}.
 */
public final class TeacherStage extends TrainingStage {

    public TeacherStage(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts) {
        super(work, spec, mnist, artifacts, ArtifactRole.TEACHER);
    }

    @Override
    protected ComputationGraph freshNetwork() {
        return MlpNetwork.build(teacherModel(spec), dataset.inputs(), spec.data().targetClasses().size(),
                work.config().learningRate(), seed());
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        DataSet train = DistillData.training(work, spec, dataset);
        return classifier(network, train, DistillData.validation(spec, dataset), seed());
    }

    @Override
    protected DataSet testSet() {
        return DistillData.test(spec, dataset);
    }

    @Override
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        return DistillData.testErrors(trained, spec, dataset);
    }

    static ModelSpec teacherModel(ExperimentSpec spec) {
        DistillSpec distill = spec.distill();
        return new ModelSpec("mlp", distill.teacherHidden(), List.of(), "relu", distill.teacherDropout());
    }
}
