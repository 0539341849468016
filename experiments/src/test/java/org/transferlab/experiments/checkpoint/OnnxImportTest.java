package org.transferlab.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.transferlab.experiments.checkpoint.ImportedWeightsTest.TORCH_BODY;
import static org.transferlab.experiments.checkpoint.ImportedWeightsTest.TORCH_NAMES;
import static org.transferlab.experiments.checkpoint.ImportedWeightsTest.assertSameAsTorch;
import static org.transferlab.experiments.checkpoint.ImportedWeightsTest.fixture;
import static org.transferlab.experiments.checkpoint.ImportedWeightsTest.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import onnx.Onnx;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.data.OnnxShapes;
import org.transferlab.protocol.data.TensorFiles;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.WeightsSpec;

/**
 * The torch body exported to ONNX ({@code scripts/fixtures/torch_body.py --onnx}, PyTorch 1.13 with
 * Debian's python3-onnx 1.12) loads into the declared network by its initializers' names and
 * computes what PyTorch computed; the orchestrator's wire reader ({@link OnnxShapes}) and the
 * worker's (ND4J's ONNX protobuf classes) see the same tensors.
 */
class OnnxImportTest {

    private static final List<String> ONNX_FIXTURES = List.of(
            "torch_body.onnx", "torch_body_float_data.onnx", "torch_body_fresh.onnx", "torch_body_folded.onnx");

    @Test
    void an_onnx_export_of_the_torch_body_gives_the_torch_body_outputs() throws Exception {
        assertEquals(WeightsSpec.ONNX, model(TORCH_BODY, "/bodies/torch_body.onnx", TORCH_NAMES).weights().format(),
                "the format comes from the extension");
        assertSameAsTorch("torch_body.onnx");
    }

    @Test
    void initializers_stored_as_float_data_give_the_same_outputs() throws Exception {
        Onnx.ModelProto proto = Onnx.ModelProto.parseFrom(Files.readAllBytes(fixture("torch_body_float_data.onnx")));
        assertEquals(10, proto.getGraph().getInitializerCount());
        for (Onnx.TensorProto tensor : proto.getGraph().getInitializerList()) {
            assertTrue(tensor.getRawData().isEmpty() && tensor.getFloatDataCount() > 0, tensor.getName() + " is in float_data");
        }
        assertSameAsTorch("torch_body_float_data.onnx");
    }

    @Test
    void the_onnx_initializers_are_the_state_dict_tensor_by_tensor() throws Exception {
        Map<String, TensorFiles.Tensor> npz = TensorFiles.readNpz(fixture("torch_body.npz"));
        Set<String> stateDict = new LinkedHashSet<>(npz.keySet());
        stateDict.remove("features.1.num_batches_tracked");
        for (String file : List.of("torch_body.onnx", "torch_body_float_data.onnx")) {
            Map<String, TensorFiles.Tensor> onnx = OnnxInitializers.read(fixture(file));
            assertEquals(stateDict, new LinkedHashSet<>(onnx.keySet()), file);
            for (String name : stateDict) {
                assertArrayEquals(npz.get(name).shape(), onnx.get(name).shape(), file + " " + name);
                assertArrayEquals(npz.get(name).values(), onnx.get(name).values(), 0f, file + " " + name);
                assertEquals("f4", onnx.get(name).dtype(), file + " " + name);
            }
        }
    }

    @Test
    void the_orchestrators_wire_reader_and_nd4js_onnx_classes_see_the_same_names_types_and_shapes() throws Exception {
        for (String file : ONNX_FIXTURES) {
            Map<String, OnnxShapes.Initializer> wire = OnnxShapes.read(fixture(file));
            Map<String, TensorFiles.Tensor> nd4j = OnnxInitializers.read(fixture(file));
            assertEquals(List.copyOf(nd4j.keySet()), List.copyOf(wire.keySet()), file);
            for (String name : wire.keySet()) {
                assertArrayEquals(nd4j.get(name).shape(), wire.get(name).shape(), file + " " + name);
                assertEquals(nd4j.get(name).dtype(), wire.get(name).dtype(), file + " " + name);
            }
        }
    }

    @Test
    void batch_norm_statistics_forwarded_through_identity_nodes_are_loaded() throws Exception {
        // A fresh batch norm's running_var equals its weight (ones) and running_mean its bias (zeros):
        // torch.onnx.export stores each pair once and names the second through an Identity node.
        Map<String, TensorFiles.Tensor> tensors = OnnxInitializers.read(fixture("torch_body_fresh.onnx"));
        assertArrayEquals(new float[] {1, 1, 1, 1}, tensors.get("features.1.running_var").values(), 0f);
        assertArrayEquals(new float[] {0, 0, 0, 0}, tensors.get("features.1.running_mean").values(), 0f);
        ModelSpec model = model(TORCH_BODY, fixture("torch_body_fresh.onnx").toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);

        ImportedWeights.load(network, model, 3, 8, 8, fixture("torch_body_fresh.onnx"), "torch_body_fresh.onnx");

        assertArrayEquals(tensors.get("features.0.weight").values(),
                network.getLayer("body-0").getParam("W").dup('c').data().asFloat(), 0f);
        assertEquals(Nd4j.zeros(1, 4), network.getLayer("body-0-norm").getParam("mean").reshape(1, 4));
    }

    @Test
    void a_constant_folded_export_is_refused_naming_the_renamed_tensors_and_how_to_export() throws Exception {
        ModelSpec model = model(TORCH_BODY, fixture("torch_body_folded.onnx").toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);
        INDArray before = network.params().dup();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImportedWeights.load(network, model,
                3, 8, 8, fixture("torch_body_folded.onnx"), "torch_body_folded.onnx"));

        String message = e.getMessage();
        assertTrue(message.startsWith("the weights in torch_body_folded.onnx do not fit the declared network: "), message);
        assertTrue(message.contains("features.0.weight [4, 3, 3, 3]: missing, layer conv1 (body-0, conv) needs it"), message);
        assertTrue(message.contains("features.1.running_var [4]: missing, layer bn1 (body-0-norm, batchnorm) needs it"), message);
        assertTrue(message.contains("onnx::Conv_22 [4, 3, 3, 3]: no layer takes it (torch.onnx.export gave it this name when it"
                + " folded constants, e.g. fused a batch norm into the conv before it; export with"
                + " training=torch.onnx.TrainingMode.PRESERVE and do_constant_folding=False)"), message);
        assertTrue(message.contains("onnx::Conv_23 [4]: no layer takes it"), message);
        assertEquals(before, network.params(), "nothing is assigned unless everything fits");
    }

    @Test
    void every_misshapen_or_unmatched_initializer_is_named_in_one_error() throws Exception {
        List<LayerSpec> wrong = new ArrayList<>(TORCH_BODY);
        wrong.set(4, new LayerSpec("conv2", "conv", null, 5, List.of(3), null, null, "relu", null, null, null));
        ModelSpec model = model(wrong, fixture("torch_body.onnx").toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImportedWeights.load(network, model, 3, 8, 8, fixture("torch_body.onnx"), "torch_body.onnx"));

        assertTrue(e.getMessage().contains("features.4.weight: shape [6, 4, 3, 3] but layer conv2 (body-1, conv) needs [5, 4, 3, 3]")
                && e.getMessage().contains("features.4.bias: shape [6] but layer conv2 (body-1, conv) needs [5]")
                && e.getMessage().contains("fc.weight: shape [16, 24] but layer fc (body-2, dense) needs [16, 20]"), e.getMessage());
    }

    @Test
    void a_truncated_or_foreign_file_is_refused_by_both_readers_naming_it(@TempDir Path dir) throws Exception {
        byte[] whole = Files.readAllBytes(fixture("torch_body.onnx"));
        Path cut = dir.resolve("cut.onnx");
        Files.write(cut, Arrays.copyOf(whole, whole.length - 700));
        Path npz = fixture("torch_body.npz");
        for (Path file : List.of(cut, npz)) {
            IOException wire = assertThrows(IOException.class, () -> OnnxShapes.read(file));
            IOException nd4j = assertThrows(IOException.class, () -> OnnxInitializers.read(file));
            assertTrue(wire.getMessage().startsWith(file + " "), wire.getMessage());
            assertTrue(nd4j.getMessage().startsWith(file + " "), nd4j.getMessage());
        }
    }

    /**
     * The committed fixtures are what the script writes: regenerated with the PyTorch on this
     * machine, the ONNX body still loads into the declared network and gives PyTorch's outputs.
     * Skipped where Debian's python3-torch and python3-onnx are absent (CI installs neither: they are
     * large, and the committed fixtures carry the tests above).
     */
    @Test
    void the_fixture_script_writes_an_onnx_body_that_loads_and_matches_pytorch(@TempDir Path dir) throws Exception {
        Path python = Path.of("/usr/bin/python3");
        Assumptions.assumeTrue(Files.isExecutable(python) && run(dir, python.toString(), "-c", "import torch, onnx") == 0,
                "/usr/bin/python3 with torch and onnx (Debian's python3-torch, python3-onnx) is absent");
        Path script = Path.of("..", "scripts", "fixtures", "torch_body.py").toAbsolutePath().normalize();
        assertEquals(0, run(dir, python.toString(), script.toString(), dir.resolve("out").toString(), "11", "--onnx"),
                "torch_body.py failed; see " + dir.resolve("python.log"));
        Path onnx = dir.resolve("out").resolve("torch_body.onnx");
        ModelSpec model = model(TORCH_BODY, onnx.toString(), TORCH_NAMES);
        ComputationGraph network = Networks.build(model, 3, 8, 8, 3, 1e-3, 1);

        ImportedWeights.load(network, model, 3, 8, 8, onnx, "torch_body.onnx");

        Map<String, TensorFiles.Tensor> io = TensorFiles.readNpz(dir.resolve("out").resolve("torch_body_io.npz"));
        INDArray inputs = Nd4j.create(io.get("inputs").values(), io.get("inputs").shape(), 'c');
        INDArray body = network.feedForward(inputs, false).get("body-2");
        assertArrayEquals(io.get("features").values(), body.dup('c').data().asFloat(), 1e-5f);
    }

    private static int run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("python.log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python did not finish: " + String.join(" ", command));
        return p.exitValue();
    }
}
