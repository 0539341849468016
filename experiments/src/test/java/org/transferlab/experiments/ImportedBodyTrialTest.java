package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.ImageFolders;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.data.DataSources;
import org.transferlab.protocol.data.TensorFiles;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkResult;

/**
 * The whole path inside one runner: a conv body pretrained in PyTorch (the fixture of
 * {@code scripts/fixtures/torch_body.py}) is the pretrain stage's output, and a fine-tune trains a
 * new head on an RGB image folder resolved as the orchestrator resolves it (packed, counted, stored).
 */
class ImportedBodyTrialTest {

    @TempDir
    Path dir;

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    private static final String SPEC = """
            name: torch-body-on-colours
            data:
              dataset: colours
              examplesPerClass: 8
              validationPerClass: 4
              sources:
                colours: {type: images, path: %s, height: 8, width: 8, channels: 3}
            model:
              layers:
                - {name: conv1, type: conv, filters: 4, kernel: 3, padding: same}
                - {name: bn1, type: batchnorm}
                - {name: act1, type: activation, activation: relu}
                - {name: pool1, type: pool}
                - {name: conv2, type: conv, filters: 6, kernel: 3, activation: relu}
                - {name: fc, type: dense, units: 16, activation: relu}
              weights:
                path: %s
                map: {conv1: features.0, bn1: features.1, conv2: %s}
            train: {epochs: 15, batchSize: 8, learningRate: 0.02, frozenLayers: 2}
            """;

    private ExperimentSpec spec(String conv2Prefix) throws Exception {
        return spec(conv2Prefix, "torch_body.npz");
    }

    private ExperimentSpec spec(String conv2Prefix, String weightsFile) throws Exception {
        Path folder = ImageFolders.write(dir.resolve("colours"), 4, 20, 3);
        Path weights = Path.of(getClass().getResource("/torch/" + weightsFile).toURI());
        String text = SPEC.formatted(folder, weights, conv2Prefix);
        return SpecCodec.parse(text, org.transferlab.protocol.spec.SpecLimits.UNBOUNDED,
                raw -> DataSources.resolve(raw, (name, zip, sha) -> null));
    }

    @Test
    void a_torch_pretrained_conv_body_fine_tunes_on_an_rgb_image_folder() throws Exception {
        ExperimentSpec spec = spec("features.4");
        TrialRunner runner = new TrialRunner(dir.resolve("no-datasets"));
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));

        WorkResult pretrain = runner.run(WorkItems.work("w-p", "exp-1", "t-p", StageKind.PRETRAIN, spec, Map.of(), Map.of(), null),
                artifacts, QUIET);
        String body = pretrain.artifacts().get("body");
        ComputationGraph imported = Checkpoints.load(artifacts.fetch(body));
        TensorFiles.Tensor conv1 = TensorFiles.readNpz(Path.of(getClass().getResource("/torch/torch_body.npz").toURI()))
                .get("features.0.weight");
        assertArrayEquals(conv1.values(), imported.getLayer("body-0").getParam("W").dup('c').data().asFloat(), 0f,
                "the body artifact holds the torch weights");

        WorkResult tuned = runner.run(WorkItems.work("w-f", "exp-1", "t-f", StageKind.FINETUNE, spec, Map.of(), Map.of("body", body), null),
                artifacts, QUIET);

        ComputationGraph model = Checkpoints.load(artifacts.fetch(tuned.artifacts().get("model")));
        assertEquals(conv1.values().length, model.getLayer("body-0").getParam("W").length());
        assertArrayEquals(conv1.values(), model.getLayer("body-0").getParam("W").dup('c').data().asFloat(), 0f,
                "frozenLayers 2 kept the torch conv1");
        assertEquals(2, spec.data().targetClasses().size());
        assertTrue(tuned.finalMetrics().get("val_accuracy") >= 0.75, "colours are easy: " + tuned.finalMetrics());

        // the sweep's baseline: the same declared network on the same RGB images, from scratch
        WorkResult scratch = runner.run(WorkItems.work("w-s", "exp-1", "t-s", StageKind.SCRATCH_FINETUNE, spec, Map.of(), Map.of(), null),
                artifacts, QUIET);
        assertTrue(scratch.finalMetrics().containsKey("val_accuracy"), scratch.finalMetrics().toString());
    }

    @Test
    void a_body_whose_tensors_do_not_match_fails_the_pretrain_stage_naming_each_tensor() throws Exception {
        ExperimentSpec spec = spec("features.3");
        TrialRunner runner = new TrialRunner(dir.resolve("no-datasets"));
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.run(
                WorkItems.work("w-p", "exp-1", "t-p", StageKind.PRETRAIN, spec, Map.of(), Map.of(), null), artifacts, QUIET));
        assertTrue(e.getMessage().contains("features.3.weight [6, 4, 3, 3]: missing, layer conv2 (body-1, conv) needs it")
                && e.getMessage().contains("features.4.weight [6, 4, 3, 3]: no layer takes it")
                && e.getMessage().contains("features.4.bias [6]: no layer takes it"), e.getMessage());
    }

    @Test
    void the_pretrain_stage_hands_on_the_body_of_an_onnx_export() throws Exception {
        ExperimentSpec spec = spec("features.4", "torch_body.onnx");
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));

        WorkResult pretrain = new TrialRunner(dir.resolve("no-datasets")).run(
                WorkItems.work("w-p", "exp-1", "t-p", StageKind.PRETRAIN, spec, Map.of(), Map.of(), null), artifacts, QUIET);

        ComputationGraph imported = Checkpoints.load(artifacts.fetch(pretrain.artifacts().get("body")));
        Map<String, TensorFiles.Tensor> state = TensorFiles.readNpz(Path.of(getClass().getResource("/torch/torch_body.npz").toURI()));
        assertArrayEquals(state.get("features.4.weight").values(), imported.getLayer("body-1").getParam("W").dup('c').data().asFloat(), 0f);
        assertArrayEquals(state.get("fc.weight").values(), imported.getLayer("body-2").getParam("W").transpose().dup('c').data().asFloat(),
                0f, "the dense weight, [out, in] in ONNX as in the state_dict, is transposed");
    }

    @Test
    void an_onnx_body_whose_initializers_do_not_match_fails_the_pretrain_stage_naming_each_one() throws Exception {
        ExperimentSpec spec = spec("features.3", "torch_body.onnx");
        TrialRunner runner = new TrialRunner(dir.resolve("no-datasets"));
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runner.run(
                WorkItems.work("w-p", "exp-1", "t-p", StageKind.PRETRAIN, spec, Map.of(), Map.of(), null), artifacts, QUIET));
        assertTrue(e.getMessage().contains("torch_body.onnx do not fit the declared network")
                && e.getMessage().contains("features.3.weight [6, 4, 3, 3]: missing, layer conv2 (body-1, conv) needs it")
                && e.getMessage().contains("features.4.weight [6, 4, 3, 3]: no layer takes it")
                && e.getMessage().contains("features.4.bias [6]: no layer takes it"), e.getMessage());
    }
}
