package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.model.BodyLayers;

/**
 * Reads checkpoints of the old format, {@code MultiLayerNetwork} zips (what TransferLab wrote
 * before its networks became graphs), as the graphs the builders make now, so bodies named by
 * {@code pretrain.artifact} and checkpoints of trials that were running keep working. A classifier
 * converts: its layers get the names {@link BodyLayers} gives them (each convolution or dense layer
 * the next {@code body-i}, a batch norm, activation or pooling layer the part of the body layer
 * before it, the softmax output layer {@code head}), and its weights, updater state (Adam's moments)
 * and epoch and iteration counters carry over, so training continues exactly as it would have.
 * Anything else (an autoencoder, whose decoder cannot be told from the body by its layers alone) is
 * refused with a message naming the artifact.
 */
final class LayerListCheckpoints {

    private LayerListCheckpoints() {}

    static ComputationGraph load(Path file, String what) throws IOException {
        MultiLayerNetwork old;
        try {
            old = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot restore the old-format checkpoint " + what + ": " + e.getMessage(), e);
        }
        return toGraph(old, what);
    }

    static ComputationGraph toGraph(MultiLayerNetwork old, String what) throws IOException {
        MultiLayerConfiguration layers = old.getLayerWiseConfigurations();
        int last = layers.getConfs().size() - 1;
        ComputationGraphConfiguration.GraphBuilder graph = new NeuralNetConfiguration.Builder()
                .seed(layers.getConf(0).getSeed())
                .graphBuilder()
                .addInputs(BodyLayers.INPUT);
        String previous = BodyLayers.INPUT;
        int bodyLayer = -1;
        for (int i = 0; i <= last; i++) {
            Layer layer = layers.getConf(i).getLayer();
            String name;
            if (i == last) {
                if (!(layer instanceof BaseOutputLayer output) || !(output.getActivationFn() instanceof ActivationSoftmax)) {
                    throw refused(what, "its last layer is not a softmax classifier head");
                }
                name = BodyLayers.HEAD;
            } else {
                name = switch (unwrapped(layer)) {
                    case ConvolutionLayer c -> BodyLayers.name(++bodyLayer);
                    case DenseLayer d -> BodyLayers.name(++bodyLayer);
                    case BatchNormalization b -> part(bodyLayer, "norm", what);
                    case ActivationLayer a -> part(bodyLayer, "act", what);
                    case SubsamplingLayer s -> part(bodyLayer, "pool", what);
                    default -> throw refused(what, "layer " + i + " is a " + unwrapped(layer).getClass().getSimpleName());
                };
            }
            graph.addLayer(name, layer.clone(), layers.getInputPreProcess(i), previous);
            previous = name;
        }
        ComputationGraphConfiguration conf = graph.setOutputs(BodyLayers.HEAD).build();
        conf.setEpochCount(layers.getEpochCount());
        conf.setIterationCount(layers.getIterationCount());
        ComputationGraph network = new ComputationGraph(conf);
        // A chain's parameters (and updater state) lie in layer order in both forms.
        network.init(old.params().dup(), false);
        INDArray state = old.getUpdater() == null ? null : old.getUpdater().getStateViewArray();
        if (state != null && state.length() > 0) {
            INDArray target = network.getUpdater().getStateViewArray();
            if (target == null || target.length() != state.length()) {
                throw refused(what, "its updater state does not fit the converted graph");
            }
            target.assign(state);
        }
        return network;
    }

    private static Layer unwrapped(Layer layer) {
        return layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
    }

    private static String part(int bodyLayer, String role, String what) throws IOException {
        if (bodyLayer < 0) {
            throw refused(what, "a " + role + " layer comes before any convolution or dense layer");
        }
        return BodyLayers.name(bodyLayer) + "-" + role;
    }

    private static IOException refused(String what, String why) {
        return new IOException(what + " is an old-format checkpoint (a DL4J MultiLayerNetwork, written before"
                + " TransferLab's networks became ComputationGraphs with named layers) that cannot be converted: "
                + why + "; rerun the stage that produced it");
    }
}
