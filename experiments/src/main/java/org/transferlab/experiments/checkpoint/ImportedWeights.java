package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transferlab.experiments.model.Networks;
import org.transferlab.protocol.data.TensorFiles;
import org.transferlab.protocol.data.WeightsCheck;
import org.transferlab.protocol.spec.Datasets;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.WeightsSpec;

/**
 * Puts pretrained weights from outside into a network built from the spec ({@code model.weights}).
 *
 * <p>The mapping rule, for {@code npz} and {@code safetensors} files holding a PyTorch
 * {@code state_dict} and for {@code onnx} models exported from PyTorch (their initializers, read by
 * {@link OnnxInitializers}, keep the {@code state_dict} names): a layer of the spec named {@code n} (or given a prefix by {@code map: {n: p}})
 * takes the tensors {@code p.<param>}:
 * <ul>
 *   <li>conv: {@code weight} [out, in, kh, kw] (PyTorch's OIHW is DL4J's layout too) and {@code bias} [out];</li>
 *   <li>dense: {@code weight} [out, in], transposed to DL4J's [in, out], and {@code bias} [out]; after a
 *       conv layer the input is the map flattened channel by channel in both frameworks;</li>
 *   <li>batchnorm: {@code weight} (γ), {@code bias} (β), {@code running_mean}, {@code running_var};
 *       {@code num_batches_tracked} is skipped.</li>
 * </ul>
 * Every body layer with parameters must find all of its tensors; head layers (after the cut) take
 * theirs when present. Any tensor no layer takes, any tensor of the wrong shape, and any body
 * tensor missing is an error; all of them are listed in one message, each by name.
 *
 * <p>For {@code dl4j} (a DL4J model zip, MultiLayerNetwork or ComputationGraph): each body vertex
 * takes the parameters of the zip's vertex of the same name ({@code body-0}, … as TransferLab names
 * them; a MultiLayerNetwork is named so on loading) or of the one {@code map} gives its layer.
 */
public final class ImportedWeights {

    private ImportedWeights() {}

    /**
     * The spec's network for {@code classes} source classes on {@code data}'s input shape, with the
     * weights of {@code model.weights}: a file on this machine ({@code path}) or an artifact.
     */
    public static ComputationGraph body(ExperimentSpec spec, Datasets.Info data, int classes, ArtifactStore artifacts)
            throws IOException {
        ModelSpec model = spec.model();
        WeightsSpec weights = model.weights();
        Path file;
        String what;
        if (weights.artifact() != null) {
            file = artifacts.fetch(weights.artifact());
            what = "artifact '" + weights.artifact() + "'";
        } else {
            file = Path.of(weights.path());
            what = weights.path();
            if (!Files.isReadable(file)) {
                throw new IOException("model.weights.path: " + what + " is not a readable file on this machine");
            }
        }
        ComputationGraph network = Networks.build(model, data.channels(), data.height(), data.width(), classes,
                spec.pretrain().learningRate(), spec.seed());
        load(network, model, data.channels(), data.height(), data.width(), file, what);
        return network;
    }

    /** Loads {@code file} in the spec's format into {@code network}, built from {@code model} on {@code channels × height × width}. */
    public static void load(ComputationGraph network, ModelSpec model, int channels, int height, int width, Path file,
            String what) throws IOException {
        WeightsSpec weights = model.weights();
        switch (weights.format()) {
            case WeightsSpec.NPZ -> apply(network, model, channels, height, width, TensorFiles.readNpz(file), what);
            case WeightsSpec.SAFETENSORS -> apply(network, model, channels, height, width, TensorFiles.readSafetensors(file), what);
            case WeightsSpec.ONNX -> apply(network, model, channels, height, width, OnnxInitializers.read(file), what);
            case WeightsSpec.DL4J -> copyFrom(network, model, height, width, Checkpoints.load(file), what);
            default -> throw new IllegalArgumentException("unknown weights format '" + weights.format() + "'; available: npz, safetensors, onnx, dl4j");
        }
    }

    /**
     * Assigns a {@code state_dict}'s tensors as the class comment says; fails listing every problem.
     * Which tensors are missing, mis-shaped or taken by no layer is {@link WeightsCheck}'s rule, the
     * one the orchestrator applies at submission; this adds only what needs the values (dtype).
     */
    public static void apply(ComputationGraph network, ModelSpec model, int channels, int height, int width,
            Map<String, TensorFiles.Tensor> tensors, String what) {
        List<LayerSpec> layers = ModelLayers.of(model, height, width);
        int cut = cutIndex(model, layers);
        List<String> vertices = ModelLayers.vertexNames(layers, cut);
        WeightsSpec weights = model.weights();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> shapes.put(name, tensor.shape()));
        List<String> problems = new ArrayList<>(WeightsCheck.problems(model, channels, height, width, shapes));
        List<INDArray[]> assignments = new ArrayList<>();
        for (int i = 0; i < layers.size() && problems.isEmpty(); i++) {
            LayerSpec layer = layers.get(i);
            String prefix = weights.prefixOf(ModelLayers.nameOf(layers, i));
            Layer target = network.getLayer(vertices.get(i));
            Map<String, INDArray> params = target.paramTable();
            boolean any = tensors.keySet().stream().anyMatch(t -> t.startsWith(prefix + "."));
            if (params.isEmpty() || (i > cut && !any)) {
                continue;
            }
            for (Map.Entry<String, String> pair : tensorNames(layer, params).entrySet()) {
                String tensorName = prefix + "." + pair.getValue();
                TensorFiles.Tensor tensor = tensors.get(tensorName);
                INDArray param = params.get(pair.getKey());
                if (!tensor.floating()) {
                    problems.add(tensorName + ": dtype " + tensor.dtype() + " is not floating point");
                } else {
                    assignments.add(new INDArray[] {param, dl4jValue(layer, pair.getKey(), tensor, torchShape(layer, param), param, target)});
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the weights in " + what + " do not fit the declared network: "
                    + String.join("; ", problems));
        }
        assignments.forEach(pair -> pair[0].assign(pair[1]));
    }

    /** DL4J parameter key → the PyTorch name of that tensor within its layer. */
    private static Map<String, String> tensorNames(LayerSpec layer, Map<String, INDArray> params) {
        Map<String, String> names = new LinkedHashMap<>();
        for (String key : params.keySet()) {
            names.put(key, switch (key) {
                case "W" -> "weight";
                case "b" -> "bias";
                case "gamma" -> "weight";
                case "beta" -> "bias";
                case "mean" -> "running_mean";
                case "var", "log10stdev" -> "running_var";
                default -> throw new IllegalArgumentException("a " + layer.type() + " layer's parameter " + key + " has no PyTorch counterpart");
            });
        }
        return names;
    }

    /** The shape PyTorch gives this parameter: a dense weight transposed, vectors one-dimensional. */
    private static long[] torchShape(LayerSpec layer, INDArray param) {
        long[] shape = param.shape();
        if (LayerSpec.Type.DENSE.is(layer.type()) && shape.length == 2 && param.length() > 0 && shape[0] != 1) {
            return new long[] {shape[1], shape[0]};
        }
        return squeeze(shape);
    }

    private static INDArray dl4jValue(LayerSpec layer, String key, TensorFiles.Tensor tensor, long[] torchShape, INDArray param,
            Layer target) {
        INDArray value = Nd4j.create(tensor.values(), torchShape.length == 0 ? new long[] {1} : torchShape, 'c')
                .castTo(param.dataType());
        if (LayerSpec.Type.DENSE.is(layer.type()) && key.equals("W")) {
            value = value.transpose().dup('c');
        }
        if (key.equals("log10stdev")) {
            // DL4J keeps log10 of the standard deviation sqrt(var + eps) where PyTorch keeps the variance.
            double eps = ((BatchNormalization) target.conf().getLayer()).getEps();
            value = Transforms.log(Transforms.sqrt(value.add(eps), true), 10, false).castTo(DataType.FLOAT).castTo(param.dataType());
        }
        return value.reshape(param.shape());
    }

    private static long[] squeeze(long[] shape) {
        return Arrays.stream(shape).filter(d -> d != 1).toArray();
    }

    private static int cutIndex(ModelSpec model, List<LayerSpec> layers) {
        int cut = ModelLayers.cutIndex(model, layers);
        if (cut < 0) {
            throw new IllegalArgumentException("model.cut: no layer is named '" + model.cut() + "'");
        }
        return cut;
    }

    /** Copies the body of a DL4J network onto the declared one by vertex name; fails listing every problem. */
    static void copyFrom(ComputationGraph network, ModelSpec model, int height, int width, ComputationGraph source, String what) {
        List<LayerSpec> layers = ModelLayers.of(model, height, width);
        int cut = cutIndex(model, layers);
        List<String> vertices = ModelLayers.vertexNames(layers, cut);
        List<String> problems = new ArrayList<>();
        List<INDArray[]> assignments = new ArrayList<>();
        for (int i = 0; i <= cut; i++) {
            Layer target = network.getLayer(vertices.get(i));
            if (target.paramTable().isEmpty()) {
                continue;
            }
            String sourceName = model.weights().map().getOrDefault(ModelLayers.nameOf(layers, i), vertices.get(i));
            Layer from = source.getVertex(sourceName) == null ? null : source.getVertex(sourceName).getLayer();
            if (from == null) {
                problems.add(sourceName + ": missing, layer " + ModelLayers.nameOf(layers, i) + " (" + vertices.get(i) + ") needs it");
                continue;
            }
            for (Map.Entry<String, INDArray> param : target.paramTable().entrySet()) {
                INDArray value = from.paramTable().get(param.getKey());
                if (value == null || !Arrays.equals(value.shape(), param.getValue().shape())) {
                    problems.add(sourceName + "_" + param.getKey() + ": " + (value == null ? "missing" : "shape " + Arrays.toString(value.shape()))
                            + " but layer " + ModelLayers.nameOf(layers, i) + " needs " + Arrays.toString(param.getValue().shape()));
                } else {
                    assignments.add(new INDArray[] {param.getValue(), value});
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the network in " + what + " does not fit the declared one: " + String.join("; ", problems));
        }
        assignments.forEach(pair -> pair[0].assign(pair[1]));
    }
}
