package org.transferlab.experiments;

import java.nio.file.Path;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.experiments.distill.StudentStage;
import org.transferlab.experiments.distill.TeacherStage;
import org.transferlab.experiments.gtl.GuideStage;
import org.transferlab.experiments.gtl.ScoutStage;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.SyntheticTrial;
import org.transferlab.experiments.transfer.FineTuneStage;
import org.transferlab.experiments.transferability.TransferabilityStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The one entry point of the science: run a unit of work (a pretrain stage, a fine-tune trial, a
 * synthetic trial, a GTL scout or guide reduction, a distillation teacher or student, a transferability scoring) on the calling thread, report per-epoch metrics, honour stop requests between
 * epochs. Blocking by design: callers run it on a dedicated thread pool. One runner may serve
 * several threads at once; each dataset is loaded on first use and shared read-only. PRETRAIN reads
 * {@code data.sourceDataset}, FINETUNE {@code data.dataset}, SCOUT the one its {@code gtl.scoutData}
 * task lives in ({@link ScoutStage#datasetName}), TEACHER its own ({@link TeacherStage#datasetName}).
 */
public final class TrialRunner {

    private final DatasetRegistry datasets;

    /** @param datasetRoot directory holding fetched datasets; bundled copies are used when absent */
    public TrialRunner(Path datasetRoot) {
        this.datasets = new DatasetRegistry(datasetRoot);
    }

    public DatasetRegistry datasets() {
        return datasets;
    }

    public WorkResult run(WorkItem work, ArtifactStore artifacts, ProgressListener listener) throws Exception {
        if (work.spec() == null) {
            throw new IllegalArgumentException("work " + work.workId() + " carries no experiment spec");
        }
        ExperimentSpec spec = work.spec().withDefaults();
        return switch (work.stage()) {
            case SYNTHETIC -> SyntheticTrial.run(work, spec.train().epochs(), listener);
            case PRETRAIN -> new PretrainStage(work, spec, datasets.get(spec.data(), spec.data().sourceDataset(), artifacts), artifacts).run(listener);
            case FINETUNE, SCRATCH_FINETUNE -> new FineTuneStage(work, spec, datasets.get(spec.data(), spec.data().dataset(), artifacts), artifacts).run(listener);
            case SCOUT -> new ScoutStage(work, spec, datasets.get(spec.data(), ScoutStage.datasetName(spec), artifacts), artifacts).run(listener);
            case GUIDE -> GuideStage.run(work, spec, artifacts);
            case TRANSFERABILITY -> TransferabilityStage.run(work, spec, datasets.get(spec.data(), spec.data().dataset(), artifacts), artifacts);
            case TEACHER -> new TeacherStage(work, spec, datasets.get(spec.data(), TeacherStage.datasetName(work, spec), artifacts), artifacts).run(listener);
            case STUDENT -> new StudentStage(work, spec, datasets.get(spec.data(), spec.data().dataset(), artifacts), artifacts).run(listener);
        };
    }
}
