package org.transferlab.experiments.train;

import java.io.IOException;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.Mnist;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Trains the shared body once on the source task: the spec's MLP on {@code sourceClasses} with
 * {@code sourceExamplesPerClass} training images each (seeded), validated on
 * {@code validationPerClass} test images per source class. Publishes the network with its updater
 * state as the {@code body} artifact, also when stopped early. {@code epochs}, {@code batchSize}
 * and {@code learningRate} parameters override the spec's pretrain section; {@code checkpointEvery}
 * asks for periodic checkpoints ({@link PeriodicCheckpoints}) and {@code resumeFrom} continues one.
 */
public final class PretrainStage {

    public static final String BODY = "body";

    private PretrainStage() {}

    public static WorkResult run(WorkItem work, ExperimentSpec spec, Mnist mnist, ArtifactStore artifacts,
            ProgressListener listener) throws IOException {
        var data = spec.data();
        long seed = spec.seed();
        DataSet train = ClassSampler.sample(mnist.train(), data.sourceClasses(), data.sourceExamplesPerClass(), seed);
        DataSet validation = ClassSampler.sample(mnist.test(), data.sourceClasses(), data.validationPerClass(), seed);

        int epochs = work.intParam("epochs", spec.pretrain().epochs());
        int batchSize = work.intParam("batchSize", spec.pretrain().batchSize());
        double learningRate = work.doubleParam("learningRate", spec.pretrain().learningRate());
        MultiLayerNetwork network = work.resumeFrom() != null
                ? Checkpoints.load(artifacts.fetch(work.resumeFrom()))
                : MlpNetwork.build(spec.model(), mnist.train().images().pixelsPerImage(),
                        data.sourceClasses().size(), learningRate, seed);

        TrainingLoop.Outcome outcome = new TrainingLoop(network, train, validation, batchSize, seed)
                .run(epochs, listener, new PeriodicCheckpoints(work, network, artifacts, listener, epochs));
        String body = Checkpoints.publish(artifacts, work.experimentId(), BODY, network);
        return new WorkResult(outcome.lastMetrics(), Map.of(BODY, body), outcome.stoppedEarly());
    }
}
