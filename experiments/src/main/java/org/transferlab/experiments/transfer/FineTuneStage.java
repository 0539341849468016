package org.transferlab.experiments.transfer;

import java.io.IOException;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.gtl.GuidedUpdates;
import org.transferlab.experiments.train.PeriodicCheckpoints;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * One fine-tune trial: the body (the {@code body} input artifact, else the spec's
 * {@code pretrain.artifact}) gets a head for {@code targetClasses} and its first
 * {@code frozenLayers} body layers frozen ({@link FineTuneNetwork}), then trains on
 * {@code examplesPerClass} examples per target class of the target dataset (k-shot, seeded by the
 * experiment seed) and is validated on {@code validationPerClass} test examples per class.
 * {@code learningRate} (head), {@code bodyLearningRate} (unfrozen body layers; default the spec's,
 * else the head's), {@code frozenLayers}, {@code epochs} and {@code batchSize} parameters override
 * the spec's train section; {@code checkpointEvery} asks for periodic checkpoints. With
 * {@code resumeFrom} set, the named checkpoint is restored instead and training continues from its
 * epoch counter. With a {@code guide} input the fine-tune is guided ({@link GuidedUpdates}). The
 * final network, with updater state, is published as {@code model}.
 */
public final class FineTuneStage {


    private FineTuneStage() {}

    /** @param target the dataset named by {@code data.dataset} */
    public static WorkResult run(WorkItem work, ExperimentSpec spec, Dataset target, ArtifactStore artifacts,
            ProgressListener listener) throws IOException {
        var data = spec.data();
        long seed = spec.seed();
        DataSet train = ClassSampler.sample(target.train(), data.targetClasses(), data.examplesPerClass(), seed);
        DataSet validation = ClassSampler.sample(target.test(), data.targetClasses(), data.validationPerClass(), seed);

        int epochs = work.config().epochs();
        int batchSize = work.config().batchSize();
        MultiLayerNetwork network;
        if (work.resumeFrom() != null) {
            network = Checkpoints.load(artifacts.fetch(work.resumeFrom()));
        } else {
            network = fromBody(work, spec, target, artifacts);
        }

        // GTL hook: a 'guide' input makes this a guided fine-tune (no-op without one).
        GuidedUpdates.attachIfGuided(work, spec, network, artifacts);
        TrainingLoop.Outcome outcome = new TrainingLoop(network, train, validation, batchSize, seed)
                .run(epochs, listener, new PeriodicCheckpoints(work, network, artifacts, listener, epochs));
        String model = Checkpoints.publish(artifacts, work.experimentId(), ArtifactRole.MODEL, network);
        return new WorkResult(outcome.lastMetrics(), Map.of(ArtifactRole.MODEL.key(), model), outcome.stoppedEarly());
    }

    /** The fine-tune network a fresh trial starts from: body artifact, new head, freezing, learning rates. */
    public static MultiLayerNetwork fromBody(WorkItem work, ExperimentSpec spec, Dataset target, ArtifactStore artifacts)
            throws IOException {
        String body = work.input(ArtifactRole.BODY).orElse(spec.pretrain().artifact());
        if (body == null) {
            throw new IllegalArgumentException("FINETUNE work " + work.workId() + " names no '" + ArtifactRole.BODY
                    + "' input artifact and the spec no pretrain.artifact");
        }
        MultiLayerNetwork pretrained = Checkpoints.load(artifacts.fetch(body));
        PretrainStage.requireInputs(pretrained, target, body);
        double learningRate = work.config().learningRate();
        return FineTuneNetwork.from(
                pretrained,
                spec.data().targetClasses().size(),
                work.config().frozenLayers(),
                learningRate,
                work.config().bodyLearningRate(),
                spec.seed());
    }
}
