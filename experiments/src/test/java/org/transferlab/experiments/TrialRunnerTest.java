package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.SyntheticTrial;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** End to end on the bundled MNIST subset: pretrain on digits 0–4, fine-tune on 5–9 with k=20. */
class TrialRunnerTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: tiny-transfer
            kind: finetune
            seed: 42
            data: {dataset: mnist, sourceClasses: [0, 1, 2, 3, 4], sourceExamplesPerClass: 60,
                   targetClasses: [5, 6, 7, 8, 9], examplesPerClass: 20, validationPerClass: 40}
            model: {type: mlp, hidden: [64], activation: relu, dropout: 0.0}
            pretrain: {epochs: 5, learningRate: 1.0e-3, batchSize: 32}
            train: {epochs: 12, batchSize: 16, learningRate: 1.0e-2, frozenLayers: 1, checkpointEvery: 0}
            """);

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static String body;
    private static List<Integer> pretrainEpochs;

    /** Records what a trial reports; asks to stop once {@code stopAfter} epochs were reported. */
    private static class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<Map<String, Double>> metrics = new ArrayList<>();
        private final int stopAfter;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void onEpoch(int epoch, Map<String, Double> values) {
            epochs.add(epoch);
            metrics.add(values);
        }

        @Override
        public boolean stopRequested() {
            return epochs.size() >= stopAfter;
        }

        double last(String metric) {
            return metrics.get(metrics.size() - 1).get(metric);
        }
    }

    private static WorkItem work(StageKind stage, Map<String, Object> params, Map<String, String> inputs,
            String resumeFrom) {
        return WorkItems.work("w-" + stage, "exp-1", "t-1", stage, SPEC, params, inputs, resumeFrom);
    }

    @BeforeAll
    static void pretrain() throws Exception {
        runner = new TrialRunner(dir.resolve("datasets-not-fetched"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        WorkResult result = runner.run(work(StageKind.PRETRAIN, Map.of(), Map.of(), null), artifacts, recorder);
        body = result.artifacts().get("body");
        pretrainEpochs = recorder.epochs;
        assertTrue(recorder.last("val_accuracy") > 0.8, "pretrain val_accuracy " + recorder.metrics);
    }

    @Test
    void pretrain_reports_every_epoch_and_publishes_the_body() throws Exception {
        assertEquals(List.of(1, 2, 3, 4, 5), pretrainEpochs);
        ComputationGraph network = Checkpoints.load(artifacts.fetch(body));
        assertEquals(5, network.getEpochCount());
        assertEquals(5, network.getLayer("head").getParam("b").length());
    }

    @Test
    void fine_tune_on_digits_five_to_nine_with_twenty_shots_beats_chance_clearly() throws Exception {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);

        WorkResult result = runner.run(work(StageKind.FINETUNE, Map.of(), Map.of("body", body), null),
                artifacts, recorder);

        assertEquals(12, recorder.epochs.size());
        assertEquals(List.of("train_loss", "val_accuracy", "val_loss"),
                recorder.metrics.get(0).keySet().stream().sorted().toList());
        assertTrue(result.finalMetrics().get("val_accuracy") > 0.5, "val_accuracy " + result.finalMetrics());
        assertFalse(result.stoppedEarly());
        ComputationGraph model = Checkpoints.load(artifacts.fetch(result.artifacts().get("model")));
        assertEquals(5, model.getLayer("head").getParam("b").length());
        assertEquals(12, model.getEpochCount());
    }

    @Test
    void a_full_fine_tune_chosen_by_parameter_does_better_than_a_frozen_body_here() throws Exception {
        WorkResult frozen = runner.run(work(StageKind.FINETUNE, Map.of(), Map.of("body", body), null),
                artifacts, new Recorder(Integer.MAX_VALUE));
        WorkResult full = runner.run(
                work(StageKind.FINETUNE, Map.of("frozenLayers", 0, "learningRate", 0.005, "batchSize", 10),
                        Map.of("body", body), null),
                artifacts, new Recorder(Integer.MAX_VALUE));

        double frozenAccuracy = frozen.finalMetrics().get("val_accuracy");
        double fullAccuracy = full.finalMetrics().get("val_accuracy");
        assertTrue(fullAccuracy > 0.8 && fullAccuracy > frozenAccuracy,
                "full fine-tune " + fullAccuracy + ", frozen body " + frozenAccuracy);
    }

    @Test
    void a_stop_request_ends_after_the_current_epoch_and_still_publishes_the_model() throws Exception {
        Recorder recorder = new Recorder(1);

        WorkResult stopped = runner.run(work(StageKind.FINETUNE, Map.of("epochs", 3), Map.of("body", body), null),
                artifacts, recorder);

        assertEquals(List.of(1), recorder.epochs);
        assertTrue(stopped.stoppedEarly());
        assertEquals(recorder.metrics.get(0), stopped.finalMetrics());
        assertEquals(1, Checkpoints.load(artifacts.fetch(stopped.artifacts().get("model"))).getEpochCount());
    }

    @Test
    void resuming_from_a_periodic_checkpoint_continues_the_epoch_count_and_matches_an_uninterrupted_run()
            throws Exception {
        Map<String, Object> params = Map.of("epochs", 4, "frozenLayers", 1, "checkpointEvery", 1);
        Map<Integer, String> checkpoints = new HashMap<>();
        Recorder crashing = new Recorder(Integer.MAX_VALUE) {
            @Override
            public void onCheckpoint(int epoch, String artifactId) {
                checkpoints.put(epoch, artifactId);
            }

            @Override
            public void onEpoch(int epoch, Map<String, Double> values) {
                if (epoch == 3) {
                    throw new IllegalStateException("worker lost");
                }
                super.onEpoch(epoch, values);
            }
        };
        assertThrows(IllegalStateException.class, () -> runner.run(
                work(StageKind.FINETUNE, params, Map.of("body", body), null), artifacts, crashing));
        assertEquals(Set.of(1, 2), checkpoints.keySet(), "epoch 3 was never reported, so it has no checkpoint to resume after");

        Recorder resumedRecorder = new Recorder(Integer.MAX_VALUE);
        WorkResult resumed = runner.run(work(StageKind.FINETUNE, params, Map.of("body", body), checkpoints.get(2)),
                artifacts, resumedRecorder);
        WorkResult uninterrupted = runner.run(work(StageKind.FINETUNE, params, Map.of("body", body), null),
                artifacts, new Recorder(Integer.MAX_VALUE));

        assertEquals(List.of(3, 4), resumedRecorder.epochs);
        assertFalse(resumed.stoppedEarly());
        ComputationGraph resumedModel = Checkpoints.load(artifacts.fetch(resumed.artifacts().get("model")));
        ComputationGraph uninterruptedModel = Checkpoints.load(artifacts.fetch(uninterrupted.artifacts().get("model")));
        assertEquals(4, resumedModel.getEpochCount());
        assertEquals(uninterruptedModel.params(), resumedModel.params(), "resuming must not change the outcome");
        assertEquals(uninterrupted.finalMetrics(), resumed.finalMetrics());
    }

    @Test
    void every_checkpoint_is_published_only_after_the_epoch_it_covers_was_reported() throws Exception {
        List<String> calls = new ArrayList<>();
        Recorder ordered = new Recorder(Integer.MAX_VALUE) {
            @Override
            public void onEpoch(int epoch, Map<String, Double> values) {
                calls.add("epoch " + epoch);
                super.onEpoch(epoch, values);
            }

            @Override
            public void onCheckpoint(int epoch, String artifactId) {
                calls.add("checkpoint " + epoch);
            }
        };
        runner.run(work(StageKind.FINETUNE, Map.of("epochs", 4, "checkpointEvery", 1), Map.of("body", body), null),
                artifacts, ordered);

        // The last epoch has no periodic checkpoint: the trial's model is published with its result.
        assertEquals(List.of("epoch 1", "checkpoint 1", "epoch 2", "checkpoint 2", "epoch 3", "checkpoint 3", "epoch 4"), calls);
    }

    @Test
    void synthetic_trial_reports_the_documented_curve_and_honours_stop() throws Exception {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        WorkResult result = runner.run(
                work(StageKind.SYNTHETIC, Map.of("x", 0.3, "y", -0.2, "epochs", 3), Map.of(), null), null, recorder);

        assertEquals(List.of(1, 2, 3), recorder.epochs);
        double[] expected = {0.5, 0.75, 0.875};
        for (int i = 0; i < 3; i++) {
            assertEquals(expected[i], recorder.metrics.get(i).get("val_accuracy"), 1e-12);
            assertEquals(1 - expected[i], recorder.metrics.get(i).get("val_loss"), 1e-12);
        }
        assertEquals(0.875, result.finalMetrics().get("val_accuracy"), 1e-12);
        assertFalse(result.stoppedEarly());

        Recorder stopping = new Recorder(2);
        WorkResult stopped = runner.run(
                work(StageKind.SYNTHETIC, Map.of("x", 1.3, "y", -0.2), Map.of(), null), null, stopping);
        assertEquals(List.of(1, 2), stopping.epochs);
        assertTrue(stopped.stoppedEarly());
        assertEquals(0.5 * 0.75, stopped.finalMetrics().get("val_accuracy"), 1e-12);
        assertEquals(SyntheticTrial.valAccuracy(1.3, -0.2, 2), stopped.finalMetrics().get("val_accuracy"), 1e-12);
    }
}
