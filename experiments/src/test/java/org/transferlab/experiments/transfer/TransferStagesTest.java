package org.transferlab.experiments.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.TrialRunner;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** PRETRAIN and FINETUNE through the runner for the new models, modes and datasets (bundled data). */
class TransferStagesTest {

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;

    private static class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();
        final Map<Integer, String> checkpoints = new HashMap<>();

        @Override
        public void onEpoch(int epoch, Map<String, Double> values) {
            epochs.add(epoch);
            metrics.add(values);
        }

        @Override
        public boolean stopRequested() {
            return false;
        }

        @Override
        public void onCheckpoint(int epoch, String artifactId) {
            checkpoints.put(epoch, artifactId);
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        runner = new TrialRunner(dir.resolve("nothing-fetched"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
    }

    private static ExperimentSpec spec(String yaml) {
        return SpecCodec.parse("name: t\nkind: finetune\nseed: 7\n" + yaml);
    }

    private static WorkResult run(ExperimentSpec spec, StageKind stage, Map<String, Object> params,
            Map<String, String> inputs, String resumeFrom, ProgressListener listener) throws Exception {
        return runner.run(WorkItems.work("w", "exp", "t", stage, spec, params, inputs, resumeFrom), artifacts, listener);
    }

    @ParameterizedTest
    @ValueSource(strings = {"masked-autoencoder", "denoising"})
    void an_autoencoder_lowers_its_reconstruction_error_and_its_body_fine_tunes_like_a_supervised_one(String mode)
            throws Exception {
        ExperimentSpec spec = spec("""
                data: {dataset: mnist, sourceExamplesPerClass: 70, examplesPerClass: 20, validationPerClass: 30}
                model: {type: mlp, hidden: [64]}
                pretrain: {mode: %s, maskRatio: 0.5, epochs: 6, batchSize: 32, learningRate: 3.0e-3}
                train: {epochs: 8, batchSize: 10, learningRate: 1.0e-2, frozenLayers: 0, checkpointEvery: 0}
                """.formatted(mode));
        // frozenLayers 0: a masked autoencoder's encoder learned on images with hidden patches and meets
        // whole images here; fine-tuning the encoder with the head is how its body is used downstream
        Recorder pretrain = new Recorder();
        WorkResult body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of(), null, pretrain);

        assertEquals(List.of(1, 2, 3, 4, 5, 6), pretrain.epochs);
        double first = pretrain.metrics.get(0).get("val_loss");
        double last = pretrain.metrics.get(5).get("val_loss");
        assertTrue(last < 0.8 * first, "reconstruction error " + first + " → " + last);
        ComputationGraph loaded = Checkpoints.load(artifacts.fetch(body.artifacts().get("body")));
        assertEquals(1, BodyLayers.count(loaded), "the decoder is gone");

        WorkResult tuned = run(spec, StageKind.FINETUNE, Map.of(), body.artifacts(), null, new Recorder());
        assertTrue(tuned.finalMetrics().get("val_accuracy") > 0.6, "digits 5-9 from the encoder: " + tuned.finalMetrics());
    }

    @Test
    void a_lenet_fine_tune_resumed_from_a_checkpoint_reproduces_the_uninterrupted_curve() throws Exception {
        ExperimentSpec spec = spec("""
                data: {dataset: digits, sourceExamplesPerClass: 40, examplesPerClass: 10, validationPerClass: 20}
                model: {type: lenet, channels: [4, 6], hidden: [16]}
                pretrain: {epochs: 2, batchSize: 20}
                train: {epochs: 4, batchSize: 8, learningRate: 1.0e-2, bodyLearningRate: 1.0e-3, frozenLayers: 1}
                """);
        String body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of(), null, new Recorder()).artifacts().get("body");
        Map<String, String> inputs = Map.of("body", body);
        Map<String, Object> params = Map.of("checkpointEvery", 1);

        Recorder uninterrupted = new Recorder();
        WorkResult whole = run(spec, StageKind.FINETUNE, params, inputs, null, uninterrupted);
        Recorder resumed = new Recorder();
        WorkResult rest = run(spec, StageKind.FINETUNE, params, inputs, uninterrupted.checkpoints.get(2), resumed);

        assertEquals(List.of(3, 4), resumed.epochs);
        assertEquals(uninterrupted.metrics.subList(2, 4), resumed.metrics, "the same curve from epoch 3 on");
        assertEquals(Checkpoints.load(artifacts.fetch(whole.artifacts().get("model"))).params(),
                Checkpoints.load(artifacts.fetch(rest.artifacts().get("model"))).params());
    }

    /**
     * Population-based training's exploit on the worker: a trial resumes another trial's checkpoint
     * with its own (explored) learning rate. It continues from the donor's weights, so its first epoch
     * reads like the donor's next, and it trains at the new rate, so its curve then departs from the donor's.
     */
    @Test
    void a_fine_tune_resumed_from_a_donors_checkpoint_at_another_learning_rate_continues_from_the_donors_weights() throws Exception {
        ExperimentSpec spec = spec("""
                data: {dataset: mnist, sourceExamplesPerClass: 40, examplesPerClass: 10, validationPerClass: 30}
                model: {type: mlp, hidden: [32, 16]}
                pretrain: {epochs: 2, batchSize: 20}
                train: {epochs: 4, batchSize: 10, learningRate: 2.0e-2, checkpointEvery: 1}
                """);
        String body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of(), null, new Recorder()).artifacts().get("body");
        Map<String, String> inputs = Map.of("body", body);
        Recorder donor = new Recorder();
        run(spec, StageKind.FINETUNE, Map.of(), inputs, null, donor);

        Recorder sameRate = new Recorder();
        run(spec, StageKind.FINETUNE, Map.of("learningRate", 2.0e-2), inputs, donor.checkpoints.get(2), sameRate);
        Recorder explored = new Recorder();
        run(spec, StageKind.FINETUNE, Map.of("learningRate", 1.0e-6), inputs, donor.checkpoints.get(2), explored);

        assertEquals(List.of(3, 4), explored.epochs);
        assertEquals(donor.metrics.subList(2, 4), sameRate.metrics, "at the donor's own rate, the donor's curve");
        double before = donor.metrics.get(1).get("val_loss");
        assertEquals(before, explored.metrics.get(0).get("val_loss"), 0.05, "a rate of 1e-6 barely moves the donor's weights");
        assertNotEquals(donor.metrics.get(2), explored.metrics.get(0), "the new rate trains differently");
    }

    @Test
    void a_masked_autoencoder_resumed_mid_pretraining_reproduces_the_uninterrupted_body() throws Exception {
        ExperimentSpec spec = spec("""
                data: {dataset: digits, sourceExamplesPerClass: 30, validationPerClass: 20}
                model: {type: mlp, hidden: [32, 16]}
                pretrain: {mode: masked-autoencoder, maskRatio: 0.25, epochs: 3, batchSize: 16}
                """);
        Recorder uninterrupted = new Recorder();
        WorkResult whole = run(spec, StageKind.PRETRAIN, Map.of("checkpointEvery", 1), Map.of(), null, uninterrupted);
        Recorder resumed = new Recorder();
        WorkResult rest = run(spec, StageKind.PRETRAIN, Map.of("checkpointEvery", 1), Map.of(),
                uninterrupted.checkpoints.get(1), resumed);

        assertEquals(List.of(2, 3), resumed.epochs);
        assertEquals(uninterrupted.metrics.subList(1, 3), resumed.metrics);
        assertEquals(Checkpoints.load(artifacts.fetch(whole.artifacts().get("body"))).params(),
                Checkpoints.load(artifacts.fetch(rest.artifacts().get("body"))).params());
    }

    @Test
    void the_from_scratch_baseline_trains_the_fine_tunes_architecture_fresh_with_every_layer_trainable() throws Exception {
        String sections = """
                data: {dataset: digits, sourceExamplesPerClass: 30, examplesPerClass: 10, validationPerClass: 20}
                model: {type: mlp, hidden: [32, 16]}
                train: {epochs: 6, batchSize: 10, learningRate: 1.0e-2, bodyLearningRate: 1.0e-4, frozenLayers: 2}
                """;
        ExperimentSpec spec = spec(sections + "pretrain: {epochs: 1, batchSize: 16}\n");
        String body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of(), null, new Recorder()).artifacts().get("body");
        ComputationGraph tuned = Checkpoints.load(artifacts.fetch(
                run(spec, StageKind.FINETUNE, Map.of(), Map.of("body", body), null, new Recorder()).artifacts().get("model")));

        // a spec naming a body that does not exist: the baseline must never try to load one
        ExperimentSpec withBody = spec(sections + "pretrain: {artifact: no-such-body}\n");
        WorkItem work = WorkItems.work("w", "exp", "t", StageKind.SCRATCH_FINETUNE, withBody, Map.of(), Map.of(), null);
        assertEquals(1.0e-2, work.config().bodyLearningRate(), "one learning rate for every layer of a network from scratch");
        assertEquals(0, work.config().frozenLayers());
        Recorder recorder = new Recorder();
        WorkResult scratch = runner.run(work, artifacts, recorder);

        assertEquals(List.of(1, 2, 3, 4, 5, 6), recorder.epochs, "the same epoch budget");
        ComputationGraph fresh = Checkpoints.load(artifacts.fetch(scratch.artifacts().get("model")));
        assertEquals(tuned.numParams(), fresh.numParams(), "the same architecture as the fine-tune");
        for (var layer : fresh.getLayers()) {
            assertFalse(layer instanceof org.deeplearning4j.nn.layers.FrozenLayer, layer.getConfig().getLayerName() + " is frozen");
        }
        assertTrue(scratch.finalMetrics().get("val_accuracy") > 0.5, "10 per class of 5 digits from scratch: " + scratch.finalMetrics());
    }

    @Test
    void a_pretrain_stage_given_a_body_trains_nothing_and_returns_it() throws Exception {
        ExperimentSpec spec = spec("""
                data: {dataset: iris, examplesPerClass: 5, validationPerClass: 10}
                model: {type: mlp, hidden: [8]}
                pretrain: {epochs: 1, batchSize: 16}
                """);
        String body = run(spec, StageKind.PRETRAIN, Map.of(), Map.of(), null, new Recorder()).artifacts().get("body");

        Recorder recorder = new Recorder();
        WorkResult again = run(spec, StageKind.PRETRAIN, Map.of(), Map.of("body", body), null, recorder);

        assertEquals(Map.of("body", body), again.artifacts());
        assertTrue(recorder.epochs.isEmpty());
    }

    @Test
    void an_mnist_body_fine_tunes_on_fashion_mnist_and_is_refused_by_digits() throws Exception {
        ExperimentSpec crossDomain = spec("""
                data: {dataset: fashion-mnist, sourceDataset: mnist, sourceExamplesPerClass: 30,
                       targetClasses: [0, 1, 7], examplesPerClass: 10, validationPerClass: 30}
                model: {type: mlp, hidden: [32]}
                pretrain: {epochs: 2, batchSize: 32}
                train: {epochs: 6, batchSize: 10, learningRate: 1.0e-2, frozenLayers: 0}
                """);
        String body = run(crossDomain, StageKind.PRETRAIN, Map.of(), Map.of(), null, new Recorder()).artifacts().get("body");

        WorkResult tuned = run(crossDomain, StageKind.FINETUNE, Map.of(), Map.of("body", body), null, new Recorder());
        assertTrue(tuned.finalMetrics().get("val_accuracy") > 0.6, "t-shirt/trouser/sneaker: " + tuned.finalMetrics());

        ExperimentSpec digits = spec("data: {dataset: digits, examplesPerClass: 5, validationPerClass: 10}\n"
                + "model: {type: mlp, hidden: [32]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(digits, StageKind.FINETUNE, Map.of(), Map.of("body", body), null, new Recorder()));
        assertEquals("body artifact '" + body + "' reads 784 features per example but digits has 64", e.getMessage());
        assertFalse(tuned.stoppedEarly());
    }

    @Test
    void a_fine_tune_without_a_body_input_or_pretrain_artifact_names_what_is_missing() {
        ExperimentSpec digits = spec("data: {dataset: digits, examplesPerClass: 5, validationPerClass: 10}\n"
                + "model: {type: mlp, hidden: [32]}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> run(digits, StageKind.FINETUNE, Map.of(), Map.of(), null, new Recorder()));
        assertEquals("FINETUNE work w names no 'body' input artifact and the spec no pretrain.artifact", e.getMessage());
    }

    @Test
    void an_old_format_body_checkpoint_fine_tunes_with_its_first_layer_frozen() throws Exception {
        // A body as TransferLab wrote it before its networks became graphs: a MultiLayerNetwork zip.
        MultiLayerNetwork old = new MultiLayerNetwork(new NeuralNetConfiguration.Builder()
                .seed(5)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(32).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(32).nOut(5)
                        .activation(Activation.SOFTMAX).build())
                .build());
        old.init();
        Path file = dir.resolve("old-body.zip");
        ModelSerializer.writeModel(old, file.toFile(), true);
        String body = artifacts.publish("exp", ArtifactRole.BODY, file);
        ExperimentSpec spec = spec("""
                data: {dataset: mnist, examplesPerClass: 10, validationPerClass: 20}
                model: {type: mlp, hidden: [32]}
                train: {epochs: 2, batchSize: 10, learningRate: 1.0e-2, frozenLayers: 1, checkpointEvery: 0}
                """);

        Recorder recorder = new Recorder();
        WorkResult tuned = run(spec, StageKind.FINETUNE, Map.of(), Map.of("body", body), null, recorder);

        assertEquals(List.of(1, 2), recorder.epochs);
        ComputationGraph model = Checkpoints.load(artifacts.fetch(tuned.artifacts().get("model")));
        assertEquals(old.getLayer(0).params(), model.getLayer("body-0").params(), "the frozen body layer kept its weights");
    }
}
