package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.experiments.train.SyntheticTrial;
import org.transferlab.protocol.spec.DataSpec;
import org.transferlab.protocol.spec.ExperimentKind;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.PretrainSpec;
import org.transferlab.protocol.spec.TrainSpec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** End to end on the bundled MNIST subset: pretrain on digits 0–4, fine-tune on 5–9 with k=20. */
class TrialRunnerTest {

    private static final ExperimentSpec SPEC = new ExperimentSpec(
            "tiny-transfer",
            ExperimentKind.FINETUNE,
            42L,
            new DataSpec("mnist", List.of(0, 1, 2, 3, 4), 100, List.of(5, 6, 7, 8, 9), 20, 100),
            new ModelSpec("mlp", List.of(64), "relu", 0.0),
            new PretrainSpec(5, 1e-3, 32),
            new TrainSpec(12, 16, 5e-3, 1),
            null,
            null);

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static String body;
    private static List<Integer> pretrainEpochs;

    /** Records what a trial reports; asks to stop once {@code stopAfter} epochs were reported. */
    private static final class Recorder implements ProgressListener {
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
        return new WorkItem("w-" + stage, "exp-1", "t-1", stage, SPEC, params, inputs, resumeFrom, null);
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
        MultiLayerNetwork network = Checkpoints.load(artifacts.fetch(body));
        assertEquals(5, network.getEpochCount());
        assertEquals(5, network.getLayer(1).getParam("b").length());
    }

    @Test
    void fine_tune_on_digits_five_to_nine_with_twenty_shots_beats_chance_clearly() throws Exception {
        Recorder recorder = new Recorder(Integer.MAX_VALUE);

        WorkResult result = runner.run(work(StageKind.FINETUNE, Map.of(), Map.of("body", body), null),
                artifacts, recorder);

        System.out.println("fine-tune metrics per epoch: " + recorder.metrics);
        assertEquals(12, recorder.epochs.size());
        assertEquals(List.of("train_loss", "val_accuracy", "val_loss"),
                recorder.metrics.get(0).keySet().stream().sorted().toList());
        assertTrue(result.finalMetrics().get("val_accuracy") > 0.5, "val_accuracy " + result.finalMetrics());
        assertFalse(result.stoppedEarly());
        MultiLayerNetwork model = Checkpoints.load(artifacts.fetch(result.artifacts().get("model")));
        assertEquals(5, model.getLayer(1).getParam("b").length());
        assertEquals(12, model.getEpochCount());
    }

    @Test
    void a_stop_request_ends_after_the_current_epoch_and_a_resume_continues_the_epoch_count() throws Exception {
        Map<String, Object> params = Map.of("epochs", 3, "frozenLayers", 0, "learningRate", 0.002);
        Recorder first = new Recorder(1);

        WorkResult stopped = runner.run(work(StageKind.FINETUNE, params, Map.of("body", body), null),
                artifacts, first);

        assertEquals(List.of(1), first.epochs);
        assertTrue(stopped.stoppedEarly());
        String checkpoint = stopped.artifacts().get("model");

        Recorder second = new Recorder(Integer.MAX_VALUE);
        WorkResult resumed = runner.run(work(StageKind.FINETUNE, params, Map.of("body", body), checkpoint),
                artifacts, second);

        assertEquals(List.of(2, 3), second.epochs);
        assertFalse(resumed.stoppedEarly());
        assertEquals(3, Checkpoints.load(artifacts.fetch(resumed.artifacts().get("model"))).getEpochCount());
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
