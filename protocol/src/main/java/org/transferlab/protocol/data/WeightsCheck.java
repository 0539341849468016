package org.transferlab.protocol.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.transferlab.protocol.spec.Datasets;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.FieldError;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.WeightsSpec;

/**
 * Checks a PyTorch {@code state_dict} (or the initializers of an ONNX model exported from
 * PyTorch, which keep its names) named by {@code model.weights.path} against the declared
 * network before anything runs, where the file can be read (the orchestrator's machine): the same
 * rule as {@code experiments.checkpoint.ImportedWeights} applies at load time, computed here from
 * the layers' shapes alone, so a body that cannot fit is a 400 at submission naming every tensor.
 * A file that is not readable here is left to the pretrain stage, which reads it where it runs.
 */
public final class WeightsCheck {

    private WeightsCheck() {}

    /** Problems of the spec's weights file, one {@code model.weights} error listing every tensor; empty if none or unknown. */
    public static List<FieldError> errors(ExperimentSpec spec) {
        WeightsSpec weights = spec.model().weights();
        if (weights == null || weights.path() == null || !Files.isReadable(Path.of(weights.path()))
                || !Set.of(WeightsSpec.NPZ, WeightsSpec.SAFETENSORS, WeightsSpec.ONNX).contains(weights.format())) {
            return List.of();
        }
        Datasets.Info data = spec.data().info(spec.data().sourceDataset());
        if (data == null) {
            return List.of();
        }
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try {
            Path file = Path.of(weights.path());
            switch (weights.format()) {
                case WeightsSpec.NPZ -> TensorFiles.readNpz(file).forEach((name, tensor) -> shapes.put(name, tensor.shape()));
                case WeightsSpec.SAFETENSORS -> TensorFiles.readSafetensors(file).forEach((name, tensor) -> shapes.put(name, tensor.shape()));
                default -> OnnxShapes.read(file).forEach((name, tensor) -> shapes.put(name, tensor.shape()));
            }
        } catch (IOException e) {
            return List.of(new FieldError("model.weights.path", String.valueOf(e.getMessage())));
        }
        List<String> problems = problems(spec.model(), data.channels(), data.height(), data.width(), shapes);
        return problems.isEmpty() ? List.of() : List.of(new FieldError("model.weights", "the weights in " + weights.path()
                + " do not fit the declared network: " + String.join("; ", problems)));
    }

    /** Every unmatched, missing or mis-shaped tensor, worded as the loader words it. */
    public static List<String> problems(ModelSpec model, int channels, int height, int width, Map<String, long[]> shapes) {
        List<LayerSpec> layers = ModelLayers.of(model, height, width);
        ModelLayers.Walk walk = ModelLayers.walk(layers, "model.layers", channels, height, width, null);
        int cut = ModelLayers.cutIndex(model, layers);
        if (!walk.errors().isEmpty() || cut < 0 || walk.outputs().size() != layers.size()) {
            return List.of();
        }
        List<String> vertices = ModelLayers.vertexNames(layers, cut);
        Set<String> unused = new LinkedHashSet<>(shapes.keySet());
        unused.removeIf(name -> name.endsWith(".num_batches_tracked"));
        List<String> problems = new ArrayList<>();
        ModelLayers.Shape in = height > 1 || channels > 1 ? new ModelLayers.Shape(true, channels, height, width)
                : new ModelLayers.Shape(false, channels * height * width, 1, 1);
        for (int i = 0; i < layers.size(); i++) {
            LayerSpec layer = layers.get(i);
            String name = ModelLayers.nameOf(layers, i);
            String prefix = model.weights().prefixOf(name);
            Map<String, long[]> expected = expected(layer, in);
            in = walk.outputs().get(i);
            if (expected.isEmpty()) {
                continue;
            }
            boolean any = shapes.keySet().stream().anyMatch(t -> t.startsWith(prefix + "."));
            if (i > cut && !any) {
                continue;
            }
            String where = "layer " + name + " (" + vertices.get(i) + ", " + layer.type() + ")";
            for (Map.Entry<String, long[]> param : expected.entrySet()) {
                String tensor = prefix + "." + param.getKey();
                long[] found = shapes.get(tensor);
                if (found == null) {
                    problems.add(tensor + " " + Arrays.toString(param.getValue()) + ": missing, " + where + " needs it");
                    continue;
                }
                unused.remove(tensor);
                if (!Arrays.equals(squeeze(found), squeeze(param.getValue()))) {
                    problems.add(tensor + ": shape " + Arrays.toString(found) + " but " + where + " needs " + Arrays.toString(param.getValue()));
                }
            }
        }
        for (String tensor : unused) {
            problems.add(tensor + " " + Arrays.toString(shapes.get(tensor)) + ": no layer takes it (" + (tensor.startsWith("onnx::")
                    ? "torch.onnx.export gave it this name when it folded constants, e.g. fused a batch norm into the conv"
                            + " before it; export with training=torch.onnx.TrainingMode.PRESERVE and do_constant_folding=False)"
                    : "no layer is named " + tensor.substring(0, Math.max(0, tensor.lastIndexOf('.')))
                            + " nor mapped to that prefix in model.weights.map)"));
        }
        return problems;
    }

    /** PyTorch's tensors of a layer reading {@code in}: name within the layer → shape. */
    private static Map<String, long[]> expected(LayerSpec layer, ModelLayers.Shape in) {
        Map<String, long[]> tensors = new LinkedHashMap<>();
        switch (layer.kind()) {
            case CONV -> {
                int[] k = layer.kernelSize(3);
                tensors.put("weight", new long[] {layer.filters(), in.channels(), k[0], k[1]});
                if (layer.biased()) {
                    tensors.put("bias", new long[] {layer.filters()});
                }
            }
            case DENSE -> {
                tensors.put("weight", new long[] {layer.units(), in.size()});
                if (layer.biased()) {
                    tensors.put("bias", new long[] {layer.units()});
                }
            }
            case BATCHNORM -> {
                long n = in.spatial() ? in.channels() : in.size();
                for (String name : List.of("weight", "bias", "running_mean", "running_var")) {
                    tensors.put(name, new long[] {n});
                }
            }
            case POOL, ACTIVATION, DROPOUT -> { }
        }
        return tensors;
    }

    private static long[] squeeze(long[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }
}
