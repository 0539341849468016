package org.transferlab.experiments;

import java.io.IOException;
import java.nio.file.Path;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.Mnist;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.SyntheticTrial;
import org.transferlab.experiments.transfer.FineTuneStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The one entry point of the science: run a unit of work (a pretrain stage, a fine-tune trial, a
 * synthetic trial) on the calling thread, report per-epoch metrics, honour stop requests between
 * epochs. Blocking by design: callers run it on a dedicated thread pool. One runner may serve
 * several threads at once; the dataset is loaded on first use and shared read-only.
 */
public final class TrialRunner {

    private final Path datasetRoot;
    private volatile Mnist mnist;

    /** @param datasetRoot directory holding fetched datasets; bundled subsets are used when absent */
    public TrialRunner(Path datasetRoot) {
        this.datasetRoot = datasetRoot;
    }

    public WorkResult run(WorkItem work, ArtifactStore artifacts, ProgressListener listener) throws Exception {
        if (work.spec() == null) {
            throw new IllegalArgumentException("work " + work.workId() + " carries no experiment spec");
        }
        ExperimentSpec spec = work.spec().withDefaults();
        return switch (work.stage()) {
            case SYNTHETIC -> SyntheticTrial.run(work, spec.train().epochs(), listener);
            case PRETRAIN -> PretrainStage.run(work, spec, dataset(spec), artifacts, listener);
            case FINETUNE -> FineTuneStage.run(work, spec, dataset(spec), artifacts, listener);
            case SCOUT, GUIDE, TEACHER, STUDENT -> throw new IllegalArgumentException(
                    "stage " + work.stage() + " is not supported by this worker version");
        };
    }

    private Mnist dataset(ExperimentSpec spec) throws IOException {
        if (!"mnist".equalsIgnoreCase(spec.data().dataset())) {
            throw new IllegalArgumentException("dataset '" + spec.data().dataset() + "' is not available (only mnist)");
        }
        Mnist loaded = mnist;
        if (loaded == null) {
            synchronized (this) {
                loaded = mnist;
                if (loaded == null) {
                    loaded = Mnist.load(datasetRoot);
                    mnist = loaded;
                }
            }
        }
        return loaded;
    }
}
