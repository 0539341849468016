package org.transferlab.experiments.train;

import java.util.Map;

/**
 * How a running trial talks to whoever runs it. Called on the training thread once per epoch, so
 * implementations must return at once (hand the values to another thread); {@link #stopRequested()}
 * is polled between epochs and a trial that sees {@code true} ends cleanly with what it has.
 */
public interface ProgressListener {

    void onEpoch(int epoch, Map<String, Double> metrics);

    boolean stopRequested();

    /**
     * A checkpoint of the running trial after {@code epoch} was published as {@code artifactId}
     * (role {@code checkpoint}); passing it as a later work item's {@code resumeFrom} continues from
     * there. Only called when the work asks for periodic checkpoints ({@code checkpointEvery}
     * parameter); called after {@link #onEpoch} for the same epoch, so whoever records the epochs
     * sees an epoch before the checkpoint that covers it.
     */
    default void onCheckpoint(int epoch, String artifactId) {}
}
