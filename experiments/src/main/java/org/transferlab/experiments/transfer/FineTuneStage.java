package org.transferlab.experiments.transfer;

import java.io.IOException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.DataSplits;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.gtl.GuidedUpdates;
import org.transferlab.experiments.model.Networks;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.experiments.train.TrainingLoop;
import org.transferlab.experiments.train.TrainingStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;

/**
 * One fine-tune trial: the body (the {@code body} input artifact, else the spec's
 * {@code pretrain.artifact}) gets a head for {@code targetClasses} and its first
 * {@code frozenLayers} body layers frozen ({@link FineTuneNetwork}), then trains on
 * {@code examplesPerClass} examples per target class of the target dataset's training part (k-shot,
 * sampled with the trial's own seed, like the head's initialisation and the batch order) and is
 * validated on the {@code validationPerClass} examples per class carved from the training part
 * ({@link DataSplits}); its test metrics come from the test part once, at the end.
 * {@code learningRate} (head), {@code bodyLearningRate} (unfrozen body layers; default the spec's,
 * else the head's), {@code frozenLayers}, {@code epochs} and {@code batchSize} parameters override
 * the spec's train section, and the config's optimizer ({@code train.optimizer}, {@code momentum})
 * trains body and head; {@code checkpointEvery} asks for periodic checkpoints. With
 * {@code resumeFrom} set, the named checkpoint is restored instead and training continues from its
 * epoch counter at the config's learning rates (population-based training resumes a donor's
 * checkpoint with explored rates). With a {@code guide} input the fine-tune is guided ({@link GuidedUpdates}). The
 * final network, with updater state, is published as {@code model}. {@code SCRATCH_FINETUNE} work (the
 * sweep's automatic baseline) builds the same architecture freshly initialised instead, with every
 * layer trainable at {@code learningRate}, and trains it on the same data with the same budget.
 */
public final class FineTuneStage extends TrainingStage {

    /** @param target the dataset named by {@code data.dataset} */
    public FineTuneStage(WorkItem work, ExperimentSpec spec, Dataset target, ArtifactStore artifacts) {
        super(work, spec, target, artifacts, ArtifactRole.MODEL);
    }

    /** The fine-tune network a fresh trial starts from: body artifact, new head, freezing, learning rates. */
    @Override
    protected ComputationGraph freshNetwork() throws IOException {
        if (work.stage() == StageKind.SCRATCH_FINETUNE) {
            // the sweep's baseline: the fine-tune's architecture freshly initialised, every layer trainable
            return Networks.build(spec.model(), dataset.info().channels(), dataset.info().height(), dataset.info().width(),
                    spec.data().targetClasses().size(), work.config().learningRate(), seed());
        }
        ComputationGraph pretrained = PretrainStage.loadBody(PretrainStage.bodyArtifact(work, spec), dataset, artifacts);
        return FineTuneNetwork.from(
                pretrained,
                spec.data().targetClasses().size(),
                work.config().frozenLayers(),
                work.config().learningRate(),
                work.config().bodyLearningRate(),
                work.config().optimizer(),
                seed());
    }

    /**
     * A resumed fine-tune trains at the config's learning rates: the same as its checkpoint's after a
     * loss or pause, the explored ones after a population-based training exploit (the checkpoint is
     * the donor's).
     */
    @Override
    protected void resumed(ComputationGraph network) {
        FineTuneNetwork.setLearningRates(network, work.config().learningRate(), work.config().bodyLearningRate());
    }

    /** GTL hook: a {@code guide} input makes this a guided fine-tune (no-op without one). */
    @Override
    protected void beforeTraining(ComputationGraph network) throws IOException {
        GuidedUpdates.attachIfGuided(work, spec, network, artifacts);
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        var data = spec.data();
        return classifier(network,
                ClassSampler.sample(splits().training(), data.targetClasses(), data.examplesPerClass(), seed()),
                splits().validation(data.targetClasses()),
                seed());
    }

    @Override
    protected DataSet testSet() {
        return splits().test(spec.data().targetClasses());
    }
}
