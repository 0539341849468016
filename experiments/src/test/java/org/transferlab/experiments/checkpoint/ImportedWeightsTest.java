package org.transferlab.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.data.TensorFiles;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.WeightsSpec;

/**
 * A conv body pretrained in PyTorch, loaded into the network the spec declares, computes what it
 * computed in PyTorch. The fixture files under {@code src/test/resources/torch/} were written by
 * {@code scripts/fixtures/torch_body.py} (Debian's python3-torch 1.13): the body's {@code state_dict}
 * as {@code .npz} and safetensors, and five inputs with the body's outputs for them.
 */
class ImportedWeightsTest {

    static final List<LayerSpec> TORCH_BODY = List.of(
            new LayerSpec("conv1", "conv", null, 4, List.of(3), null, "same", null, null, null, null),
            new LayerSpec("bn1", "batchnorm", null, null, null, null, null, null, null, null, null),
            new LayerSpec("act1", "activation", null, null, null, null, null, "relu", null, null, null),
            new LayerSpec("pool1", "pool", null, null, null, null, null, null, null, null, null),
            new LayerSpec("conv2", "conv", null, 6, List.of(3), null, null, "relu", null, null, null),
            new LayerSpec("fc", "dense", 16, null, null, null, null, "relu", null, null, null));

    static final Map<String, String> TORCH_NAMES = Map.of("conv1", "features.0", "bn1", "features.1", "conv2", "features.4");

    static Path fixture(String name) throws URISyntaxException {
        return Path.of(ImportedWeightsTest.class.getResource("/torch/" + name).toURI());
    }

    static ModelSpec model(List<LayerSpec> layers, String file, Map<String, String> map) {
        ModelSpec declared = new ModelSpec(null, null, null, null, null, layers, null, new WeightsSpec(file, null, null, map));
        return new ExperimentSpec(null, null, null, null, declared, null, null, null, null, null, null, null, null)
                .withDefaults().model();
    }

    /** What the network computes at its cut (the body's output) for the fixture's inputs, next to PyTorch's. */
    static void assertSameAsTorch(String file) throws Exception {
        ModelSpec model = model(TORCH_BODY, fixture(file).toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);
        ImportedWeights.load(network, model, 3, 8, 8, fixture(file), file);

        Map<String, TensorFiles.Tensor> io = TensorFiles.readNpz(fixture("torch_body_io.npz"));
        INDArray inputs = Nd4j.create(io.get("inputs").values(), io.get("inputs").shape(), 'c');
        float[] torch = io.get("features").values();
        INDArray body = network.feedForward(inputs, false).get("body-2");

        assertArrayEquals(io.get("features").shape(), body.shape());
        assertArrayEquals(torch, body.dup('c').data().asFloat(), 1e-5f, "body outputs of the network loaded from " + file);
        assertTrue(body.sumNumber().doubleValue() > 0, "the fixture's features are not all zero");
    }

    @Test
    void a_torch_state_dict_saved_as_npz_gives_the_torch_body_outputs() throws Exception {
        assertSameAsTorch("torch_body.npz");
    }

    @Test
    void the_same_state_dict_as_safetensors_gives_the_same_outputs() throws Exception {
        assertSameAsTorch("torch_body.safetensors");
    }

    @Test
    void npz_and_safetensors_readers_agree_tensor_by_tensor() throws Exception {
        Map<String, TensorFiles.Tensor> npz = TensorFiles.readNpz(fixture("torch_body.npz"));
        Map<String, TensorFiles.Tensor> safetensors = TensorFiles.readSafetensors(fixture("torch_body.safetensors"));
        assertEquals(npz.keySet(), safetensors.keySet());
        assertArrayEquals(new long[] {16, 24}, npz.get("fc.weight").shape());
        for (String name : npz.keySet()) {
            assertArrayEquals(npz.get(name).shape(), safetensors.get(name).shape(), name);
            assertArrayEquals(npz.get(name).values(), safetensors.get(name).values(), 0f, name);
        }
    }

    @Test
    void every_unmatched_missing_or_misshapen_tensor_is_named_in_one_error() throws Exception {
        List<LayerSpec> wrong = new ArrayList<>(TORCH_BODY);
        wrong.set(4, new LayerSpec("conv2", "conv", null, 5, List.of(3), null, null, "relu", null, null, null));
        wrong.set(5, new LayerSpec("classifier", "dense", 16, null, null, null, null, "relu", null, null, null));
        ModelSpec model = model(wrong, fixture("torch_body.npz").toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);
        INDArray before = network.params().dup();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportedWeights.load(network, model, 3, 8, 8, fixture("torch_body.npz"), "torch_body.npz"));

        String message = e.getMessage();
        assertTrue(message.contains("features.4.weight: shape [6, 4, 3, 3] but layer conv2 (body-1, conv) needs [5, 4, 3, 3]"), message);
        assertTrue(message.contains("features.4.bias: shape [6] but layer conv2 (body-1, conv) needs [5]"), message);
        assertTrue(message.contains("classifier.weight [16, 20]: missing, layer classifier (body-2, dense) needs it"), message);
        assertTrue(message.contains("classifier.bias [16]: missing"), message);
        assertTrue(message.contains("fc.weight [16, 24]: no layer takes it"), message);
        assertTrue(message.contains("fc.bias [16]: no layer takes it"), message);
        assertEquals(before, network.params(), "nothing is assigned unless everything fits");
    }

    @Test
    void a_truncated_safetensors_file_is_refused_naming_the_tensor(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(fixture("torch_body.safetensors"));
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length - 100));
        IOException e = assertThrows(IOException.class, () -> TensorFiles.readSafetensors(cut));
        assertTrue(e.getMessage().contains("fc.bias") || e.getMessage().contains("fc.weight"), e.getMessage());
    }

    @Test
    void a_dl4j_zip_lends_its_body_by_vertex_name(@TempDir Path dir) throws Exception {
        ModelSpec plain = model(TORCH_BODY, null, Map.of());
        ComputationGraph trained = Networks.build(plain, 3, 8, 8, 3, 1e-2, 1);
        trained.fit(org.transferlab.experiments.model.LeNetNetworkTest.randomImages(4, 3 * 8 * 8, 3, 5));
        Path zip = dir.resolve("body.zip");
        Checkpoints.save(trained, zip);
        ModelSpec model = model(TORCH_BODY, zip.toString(), Map.of());
        ComputationGraph fresh = Networks.build(model, 3, 8, 8, 5, 1e-3, 2);

        ImportedWeights.load(fresh, model, 3, 8, 8, zip, "body.zip");

        for (String vertex : List.of("body-0", "body-0-norm", "body-1", "body-2")) {
            assertEquals(trained.getLayer(vertex).params(), fresh.getLayer(vertex).params(), vertex);
        }
    }

    @Test
    void the_pretrain_stage_fails_naming_a_weights_path_it_cannot_read() {
        ModelSpec model = model(TORCH_BODY, "/nonexistent/body.npz", TORCH_NAMES);
        ExperimentSpec spec = new ExperimentSpec(null, null, null, null, model, null, null, null, null, null, null, null, null)
                .withDefaults();
        IOException e = assertThrows(IOException.class, () -> ImportedWeights.body(spec,
                new org.transferlab.protocol.spec.Datasets.Info(3, 8, 8, 10, 10, 3), 3, null));
        assertEquals("model.weights.path: /nonexistent/body.npz is not a readable file on this machine", e.getMessage());
    }
}
