package org.transferlab.experiments.train;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.data.DataSplits;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The skeleton every training stage shares, written once: take the network (the work's
 * {@code resumeFrom} checkpoint when it names one, else a fresh network the stage builds), train it
 * for the work's epochs with periodic checkpoints ({@link PeriodicCheckpoints}), add the stage's
 * final metrics, and publish it, with updater state and also when stopped early, under the stage's
 * output role, with its held-out test metrics measured once on the stage's test sample. Every
 * stage seeds its sample, initialisation and batch order with the trial's own seed
 * ({@code work.config().seed()}), so repeats are repeats, and validates on examples carved from the
 * training part ({@link org.transferlab.experiments.data.DataSplits}), so selection never sees
 * the test part. A stage says only what differs: its dataset and output role, how to build a fresh
 * network, the loop over its data, its test sample, and optionally a hook before training, extra final metrics,
 * what to publish in place of the trained network, or a result that makes training unnecessary.
 */
public abstract class TrainingStage {

    protected final WorkItem work;
    protected final ExperimentSpec spec;
    /** The dataset the stage trains on. */
    protected final Dataset dataset;
    protected final ArtifactStore artifacts;
    private final ArtifactRole output;
    private DataSplits splits;

    /** @param output the role the trained network is published under */
    protected TrainingStage(WorkItem work, ExperimentSpec spec, Dataset dataset, ArtifactStore artifacts,
            ArtifactRole output) {
        this.work = work;
        this.spec = spec;
        this.dataset = dataset;
        this.artifacts = artifacts;
        this.output = output;
    }

    /** The network a fresh (not resumed) run starts from. */
    protected abstract ComputationGraph freshNetwork() throws IOException;

    /** The epoch loop over this stage's data. */
    protected abstract TrainingLoop loop(ComputationGraph network);

    /**
     * The held-out test sample the trained network is scored on once, after training (see
     * {@link org.transferlab.experiments.data.DataSplits#test}); never the validation set, never
     * seen during training.
     */
    protected abstract DataSet testSet();

    /** A result that makes training unnecessary (an output that already exists); empty by default. */
    protected Optional<WorkResult> existingResult() throws IOException {
        return Optional.empty();
    }

    /**
     * Runs on a network restored from {@code resumeFrom}, before {@link #beforeTraining}: e.g. to
     * set the learning rates the work's config asks for, which population-based training changes
     * when a trial goes on from another's checkpoint. Nothing by default.
     */
    protected void resumed(ComputationGraph network) {}

    /** Runs once on the network, fresh or resumed, before the first epoch (e.g. to attach a listener). */
    protected void beforeTraining(ComputationGraph network) throws IOException {}

    /** Metrics added to the last epoch's in the result; names starting {@code test_} go to the test metrics. */
    protected Map<String, Double> finalMetrics(ComputationGraph trained) {
        return Map.of();
    }

    /** What is published: the trained network itself unless the stage turns it into something else. */
    protected ComputationGraph published(ComputationGraph trained) {
        return trained;
    }

    /** Train / validation / test of the stage's dataset, carved once per stage. */
    protected final DataSplits splits() {
        if (splits == null) {
            splits = DataSplits.of(dataset, spec);
        }
        return splits;
    }

    /** The trial's own seed: sample, initialisation and batch order all draw from it. */
    protected final long seed() {
        return work.config().seed();
    }

    /** A classifier's loop at the work's batch size. */
    protected final TrainingLoop classifier(ComputationGraph network, DataSet train, DataSet validation, long seed) {
        return new TrainingLoop(network, train, validation, work.config().batchSize(), seed);
    }

    public final WorkResult run(ProgressListener listener) throws IOException {
        Optional<WorkResult> existing = existingResult();
        if (existing.isPresent()) {
            return existing.get();
        }
        ComputationGraph network;
        if (work.resumeFrom() != null) {
            network = Checkpoints.load(artifacts, work.resumeFrom());
            resumed(network);
        } else {
            network = freshNetwork();
        }
        beforeTraining(network);
        int epochs = work.config().epochs();
        TrainingLoop loop = loop(network);
        TrainingLoop.Outcome outcome = loop.run(epochs, listener, new PeriodicCheckpoints(work, network, artifacts, listener, epochs));
        Map<String, Double> metrics = new HashMap<>(outcome.lastMetrics());
        metrics.putAll(finalMetrics(network));
        if (NetworkCost.wanted(spec)) {
            metrics.putAll(NetworkCost.measure(network, loop.validationSet().getFeatures(), work.config().batchSize()));
        }
        // the test split is read here, once, after the last epoch was reported: no epoch's metrics can carry it
        Map<String, Double> test = loop.test(testSet());
        String id = Checkpoints.publish(artifacts, work.experimentId(), output, published(network));
        return new WorkResult(metrics, Map.of(output.key(), id), outcome.stoppedEarly(), test);
    }
}
