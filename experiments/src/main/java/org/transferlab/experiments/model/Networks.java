package org.transferlab.experiments.model;

import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.protocol.spec.LayerSpec;
import org.transferlab.protocol.spec.ModelLayers;
import org.transferlab.protocol.spec.ModelSpec;

/**
 * The one place a {@link ModelSpec} becomes a classifier. Every model type is a list of layers
 * ({@link ModelLayers#of}: the {@code mlp}, {@code lenet} and {@code vgg} presets expand into the
 * layers their builders always made, a {@code layers} network is its declared list), chained under
 * the vertex names {@link ModelLayers#vertexNames} gives ({@link BodyLayers}) and finished with the
 * same softmax {@code head}: Xavier weights, the spec's dropout on its inputs, multi-class
 * cross-entropy, Adam. Networks read flat examples of {@code channels·height·width} features,
 * channel by channel; one starting with a conv or pool layer reshapes them itself. Same spec and
 * seed, same initial weights.
 */
public final class Networks {

    private Networks() {}

    /** A network on single-channel inputs of {@code height × width}. */
    public static ComputationGraph build(ModelSpec spec, int height, int width, int classes, double learningRate,
            long seed) {
        return build(spec, 1, height, width, classes, learningRate, seed);
    }

    public static ComputationGraph build(ModelSpec spec, int channels, int height, int width, int classes,
            double learningRate, long seed) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        String type = spec.type() == null ? "mlp" : spec.type();
        if (type.equals("lenet") || type.equals("vgg")) {
            LeNetNetwork.requireImages(type, spec.channels() == null ? List.of() : spec.channels(), height, width);
        }
        List<LayerSpec> layers = ModelLayers.of(spec, height, width);
        if (spec.declared()) {
            ModelLayers.Walk walk = ModelLayers.walk(layers, "model.layers", channels, height, width, null);
            if (!walk.errors().isEmpty()) {
                throw new IllegalArgumentException(walk.errors().get(0).field() + ": " + walk.errors().get(0).message());
            }
        }
        LayerChain chain = new LayerChain(seed, learningRate, "vgg".equals(type) ? WeightInit.RELU : WeightInit.XAVIER);
        addLayers(chain, layers, ModelLayers.cutIndex(spec, layers), spec.cut());
        OutputLayer.Builder head = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                .nOut(classes).activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER);
        double dropout = MlpNetwork.dropout(spec);
        // An mlp without hidden layers reads raw pixels in its head: no dropout there.
        if (dropout > 0 && !layers.isEmpty()) {
            head.dropOut(1.0 - dropout);
        }
        chain.add(BodyLayers.HEAD, head.build());
        return chain.build(inputType(layers, channels, height, width));
    }

    /** Adds {@code layers} under their vertex names; {@code cut} is the last body layer's index. */
    static void addLayers(LayerChain chain, List<LayerSpec> layers, int cut, String cutName) {
        if (cut < 0 && !layers.isEmpty()) {
            throw new IllegalArgumentException("model.cut: no layer is named '" + cutName + "'");
        }
        List<String> names = ModelLayers.vertexNames(layers, cut);
        for (int i = 0; i < layers.size(); i++) {
            chain.add(names.get(i), LayerBuilders.of(layers.get(i)));
        }
    }

    /** Flat features for a network that starts with a dense layer (or only its head), else images it reshapes. */
    static InputType inputType(List<LayerSpec> layers, int channels, int height, int width) {
        return layers.isEmpty() || LayerSpec.Type.DENSE.is(layers.get(0).type())
                ? InputType.feedForward((long) channels * height * width)
                : InputType.convolutionalFlat(height, width, channels);
    }
}
