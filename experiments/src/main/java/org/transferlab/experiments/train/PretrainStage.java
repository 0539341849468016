package org.transferlab.experiments.train;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.ImportedWeights;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.model.MaskedAutoencoder;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.PretrainSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * Produces the shared {@code body} once, on the source dataset's {@code sourceClasses} with
 * {@code sourceExamplesPerClass} training examples each (sampled, initialised and ordered with the
 * trial's own seed), validated on the {@code validationPerClass} examples per source class carved
 * from the training part, and scored once on the source classes' test examples. By
 * {@code pretrain.mode}:
 * <ul>
 *   <li>{@code supervised}: the spec's classifier trained on the source classes; the whole network
 *       (its source head included, which fine-tuning replaces) is the body.</li>
 *   <li>{@code masked-autoencoder}: {@link MaskedAutoencoder} trained to fill in the
 *       {@code maskRatio} of each image's {@code patchSize} square patches that {@link PatchMask}
 *       hides under {@code maskValue}, with the loss on the hidden pixels only (labels unused);</li>
 *   <li>{@code denoising}: the same network trained to reconstruct every feature from a copy with
 *       {@code maskRatio} of its single features zeroed ({@link InputMask}).</li>
 * </ul>
 * In both autoencoder modes the encoder becomes the body and the decoder is dropped; metrics are
 * {@code train_loss} and {@code val_loss} (the reconstruction loss). The masking settings come
 * resolved in the work's {@link TrialConfig.Masking}.
 * Nothing is trained when the spec gives {@code model.weights}: the declared network with those
 * weights ({@link ImportedWeights}) is this stage's {@code body}, or the stage fails naming every
 * tensor that does not fit. Nor when the work already names a {@code body} input or the spec names
 * {@code pretrain.artifact}: that artifact is loaded (so a broken one fails here, not in every
 * trial), checked against the dataset's input size and returned as this stage's {@code body}.
 * {@code epochs}, {@code batchSize} and {@code learningRate} parameters override the spec's
 * pretrain section; {@code checkpointEvery} asks for periodic checkpoints and {@code resumeFrom}
 * continues one (of the classifier or autoencoder being trained). The body is published with its
 * updater state, also when stopped early.
 */
public final class PretrainStage extends TrainingStage {

    private final String existing;
    private final List<Integer> classes;
    private final boolean autoencoder;

    /** @param source the dataset named by {@code data.sourceDataset} */
    public PretrainStage(WorkItem work, ExperimentSpec spec, Dataset source, ArtifactStore artifacts) {
        super(work, spec, source, artifacts, ArtifactRole.BODY);
        this.existing = work.input(ArtifactRole.BODY).orElse(spec.pretrain().artifact());
        this.classes = spec.data().sourceClasses();
        this.autoencoder = spec.pretrain().autoencoder();
    }

    /** An existing body (input or {@code pretrain.artifact}) is loaded and checked, so a broken one fails here. */
    @Override
    protected Optional<WorkResult> existingResult() throws IOException {
        if (existing == null && spec.model().weights() != null && work.resumeFrom() == null) {
            ComputationGraph imported = ImportedWeights.body(spec, dataset.info(), classes.size(), artifacts);
            return Optional.of(new WorkResult(Map.of(), Map.of(ArtifactRole.BODY.key(),
                    Checkpoints.publish(artifacts, work.experimentId(), ArtifactRole.BODY, imported)), false));
        }
        if (existing == null || work.resumeFrom() != null) {
            return Optional.empty();
        }
        loadBody(existing, dataset, artifacts);
        return Optional.of(new WorkResult(Map.of(), Map.of(ArtifactRole.BODY.key(), existing), false));
    }

    @Override
    protected ComputationGraph freshNetwork() {
        if (!autoencoder && !PretrainSpec.SUPERVISED.equals(spec.pretrain().mode())) {
            throw new IllegalArgumentException("unknown pretrain mode '" + spec.pretrain().mode()
                    + "'; available: supervised, masked-autoencoder, denoising");
        }
        int height = dataset.info().height();
        int width = dataset.info().width();
        double learningRate = work.config().learningRate();
        return autoencoder
                ? MaskedAutoencoder.build(spec.model(), height, width, learningRate, seed())
                : Networks.build(spec.model(), dataset.info().channels(), height, width, classes.size(), learningRate, seed());
    }

    @Override
    protected TrainingLoop loop(ComputationGraph network) {
        var data = spec.data();
        long seed = seed();
        DataSet train = ClassSampler.sample(splits().training(), classes, data.sourceExamplesPerClass(), seed);
        DataSet validation = splits().validation(classes);
        return autoencoder
                ? TrainingLoop.reconstruction(network, train.getFeatures(), validation.getFeatures(),
                        work.config().batchSize(), corruption(work.config().masking(), dataset), seed)
                : classifier(network, train, validation, seed);
    }

    /** How the autoencoder's inputs are hidden: the work's {@link TrialConfig.Masking}. */
    static Corruption corruption(TrialConfig.Masking masking, Dataset source) {
        if (masking == null) {
            throw new IllegalArgumentException("an autoencoder pretraining work item carries no masking settings");
        }
        return masking.patches()
                ? new PatchMask(source.info().height(), source.info().width(), masking.patchSize(), masking.maskRatio(),
                        masking.maskValue())
                : new InputMask(masking.maskRatio());
    }

    @Override
    protected DataSet testSet() {
        return splits().test(classes);
    }

    @Override
    protected ComputationGraph published(ComputationGraph trained) {
        return autoencoder ? MaskedAutoencoder.toBody(trained, spec.model(), classes.size(), seed()) : trained;
    }

    /**
     * The body artifact a stage after pretraining starts from: the work's {@code body} input, else the
     * spec's {@code pretrain.artifact}; fails naming the work when there is neither.
     */
    public static String bodyArtifact(WorkItem work, ExperimentSpec spec) {
        String id = work.input(ArtifactRole.BODY).orElse(spec.pretrain().artifact());
        if (id == null) {
            throw new IllegalArgumentException(work.stage() + " work " + work.workId() + " names no '" + ArtifactRole.BODY
                    + "' input artifact and the spec no pretrain.artifact");
        }
        return id;
    }

    /** Loads a body artifact; fails with a message naming it when it cannot read the dataset's examples. */
    public static ComputationGraph loadBody(String artifactId, Dataset dataset, ArtifactStore artifacts) throws IOException {
        ComputationGraph body = Checkpoints.load(artifacts, artifactId);
        long inputs = BodyLayers.inputs(body);
        if (inputs != dataset.inputs()) {
            throw new IllegalArgumentException("body artifact '" + artifactId + "' reads " + inputs
                    + " features per example but " + dataset.name() + " has " + dataset.inputs());
        }
        return body;
    }
}
