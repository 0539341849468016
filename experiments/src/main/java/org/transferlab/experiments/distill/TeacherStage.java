package org.transferlab.experiments.distill;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.experiments.train.PeriodicCheckpoints;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.protocol.spec.DistillSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The distillation teacher: an MLP with {@code distill.teacherHidden} ReLU layers and dropout
 * {@code distill.teacherDropout}, trained with Adam at {@code distill.teacherLearningRate} for
 * {@code distill.teacherEpochs} on the target task ({@link DistillData}: the full training set of
 * the target classes by default). Parameters {@code epochs}, {@code learningRate} and
 * {@code batchSize} (default {@code train.batchSize}) override; {@code checkpointEvery} and
 * {@code resumeFrom} work as in the fine-tune. Reports per-epoch metrics; the final metrics add
 * {@value DistillData#TEST_ERRORS}. Publishes the network as role {@code teacher}.
 */
public final class TeacherStage {


    private TeacherStage() {}

    public static WorkResult run(WorkItem work, ExperimentSpec spec, Dataset mnist, ArtifactStore artifacts,
            ProgressListener listener) throws IOException {
        DistillSpec distill = spec.distill();
        DataSet train = DistillData.training(work, spec, mnist);
        DataSet validation = DistillData.validation(spec, mnist);
        int epochs = work.config().epochs();
        int batchSize = work.config().batchSize();
        MultiLayerNetwork teacher = work.resumeFrom() != null
                ? Checkpoints.load(artifacts.fetch(work.resumeFrom()))
                : MlpNetwork.build(teacherModel(spec), mnist.inputs(),
                        spec.data().targetClasses().size(),
                        work.config().learningRate(), spec.seed());

        TrainingLoop.Outcome outcome = new TrainingLoop(teacher, train, validation, batchSize, spec.seed())
                .run(epochs, listener, new PeriodicCheckpoints(work, teacher, artifacts, listener, epochs));
        Map<String, Double> metrics = new HashMap<>(outcome.lastMetrics());
        metrics.put(DistillData.TEST_ERRORS, (double) DistillData.errors(teacher, DistillData.test(spec, mnist)));
        String published = Checkpoints.publish(artifacts, work.experimentId(), ArtifactRole.TEACHER, teacher);
        return new WorkResult(metrics, Map.of(ArtifactRole.TEACHER.key(), published), outcome.stoppedEarly());
    }

    static ModelSpec teacherModel(ExperimentSpec spec) {
        DistillSpec distill = spec.distill();
        return new ModelSpec("mlp", distill.teacherHidden(), List.of(), "relu", distill.teacherDropout());
    }
}
