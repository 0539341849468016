package org.transferlab.experiments;

import java.nio.file.Path;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The one entry point of the science: run a unit of work (a pretrain stage, a fine-tune trial, a
 * synthetic trial) on the calling thread, report per-epoch metrics, honour stop requests between
 * epochs. Blocking by design: callers run it on a dedicated thread pool.
 */
public final class TrialRunner {

    private final Path datasetRoot;

    /** @param datasetRoot directory holding fetched datasets; bundled subsets are used when absent */
    public TrialRunner(Path datasetRoot) {
        this.datasetRoot = datasetRoot;
    }

    public WorkResult run(WorkItem work, ArtifactStore artifacts, ProgressListener listener) throws Exception {
        throw new IllegalStateException("stage " + work.stage() + " is not implemented yet");
    }
}
