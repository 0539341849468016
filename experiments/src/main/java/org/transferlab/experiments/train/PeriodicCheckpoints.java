package org.transferlab.experiments.train;

import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.WorkItem;

/**
 * Publishes a {@code checkpoint} artifact every {@code checkpointEvery} epochs (a work parameter;
 * 0 or absent means none) and tells the listener its id, so a trial lost with its worker can resume
 * elsewhere. The final epoch is skipped: the stage publishes its result there anyway.
 */
public final class PeriodicCheckpoints implements TrainingLoop.AfterEpoch {


    private final ComputationGraph network;
    private final ArtifactStore artifacts;
    private final String experimentId;
    private final ProgressListener listener;
    private final int every;
    private final int totalEpochs;

    public PeriodicCheckpoints(WorkItem work, ComputationGraph network, ArtifactStore artifacts,
            ProgressListener listener, int totalEpochs) {
        this.network = network;
        this.artifacts = artifacts;
        this.experimentId = work.experimentId();
        this.listener = listener;
        this.every = Math.max(0, work.config().checkpointEvery());
        this.totalEpochs = totalEpochs;
    }

    @Override
    public void afterEpoch(int epoch) throws IOException {
        if (every > 0 && epoch % every == 0 && epoch < totalEpochs) {
            listener.onCheckpoint(epoch, Checkpoints.publish(artifacts, experimentId, ArtifactRole.CHECKPOINT, network));
        }
    }
}
