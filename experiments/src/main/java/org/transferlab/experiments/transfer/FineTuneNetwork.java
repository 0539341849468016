package org.transferlab.experiments.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.nn.updater.UpdaterBlock;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.protocol.work.TrialConfig.Optimizer;

/**
 * Turns a pretrained network (a supervised classifier or a masked-autoencoder body, any model
 * type) into one for a new task, with DL4J's {@link TransferLearning.GraphBuilder}: the
 * {@value BodyLayers#HEAD} vertex is replaced by a fresh softmax layer with one output per target
 * class (and a declared network's hidden head layers after the cut by fresh copies of themselves), the first {@code frozenLayers} body layers are frozen (counted as
 * {@code ModelSpec.bodyLayers()} counts them: a convolution with its pooling is one; their
 * parameters never change again; 0 = full fine-tune, all = feature extraction), the unfrozen body
 * layers get the trial's optimizer ({@link Optimizers}: Adam by default, or SGD with or without
 * momentum) at {@code bodyLearningRate} (0 = held still, without freezing) and the head the same
 * optimizer at {@code learningRate}. Updater state starts fresh; the epoch counter restarts at 0.
 */
public final class FineTuneNetwork {

    private FineTuneNetwork() {}

    /** One learning rate for body and head, Adam. */
    public static ComputationGraph from(ComputationGraph pretrained, int targetClasses, int frozenLayers,
            double learningRate, long seed) {
        return from(pretrained, targetClasses, frozenLayers, learningRate, learningRate, Optimizer.ADAM, seed);
    }

    /** Adam. */
    public static ComputationGraph from(ComputationGraph pretrained, int targetClasses, int frozenLayers,
            double learningRate, double bodyLearningRate, long seed) {
        return from(pretrained, targetClasses, frozenLayers, learningRate, bodyLearningRate, Optimizer.ADAM, seed);
    }

    public static ComputationGraph from(ComputationGraph pretrained, int targetClasses, int frozenLayers,
            double learningRate, double bodyLearningRate, Optimizer optimizer, long seed) {
        int bodyLayers = BodyLayers.count(pretrained);
        if (frozenLayers < 0 || frozenLayers > bodyLayers) {
            throw new IllegalArgumentException("frozenLayers must be between 0 and " + bodyLayers
                    + " (the body's layers), got " + frozenLayers);
        }
        if (targetClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 target classes, got " + targetClasses);
        }
        if (!(learningRate > 0) || !(bodyLearningRate >= 0)) {
            throw new IllegalArgumentException("learning rates must be positive (the body's may be 0), got head "
                    + learningRate + ", body " + bodyLearningRate);
        }
        long headInputs = ((FeedForwardLayer) BodyLayers.layer(pretrained, BodyLayers.HEAD)).getNIn();

        FineTuneConfiguration fineTune = new FineTuneConfiguration.Builder()
                .updater(Optimizers.updater(optimizer, learningRate))
                .seed(seed)
                .build();
        TransferLearning.GraphBuilder builder = new TransferLearning.GraphBuilder(pretrained)
                .fineTuneConfiguration(fineTune);
        // Encoder-only transfer: every vertex after the body (a declared network's hidden head layers
        // head-0, head-1, …, then the output head) is removed and added again, untrained.
        List<String> head = BodyLayers.order(pretrained).stream()
                .filter(v -> !v.equals(BodyLayers.INPUT) && !BodyLayers.isBody(v))
                .toList();
        Map<String, LayerVertex> vertices = new HashMap<>();
        for (String vertex : head) {
            vertices.put(vertex, (LayerVertex) pretrained.getConfiguration().getVertices().get(vertex));
        }
        String previous = pretrained.getConfiguration().getVertexInputs().get(head.get(0)).get(0);
        for (String vertex : head) {
            builder.removeVertexAndConnections(vertex);
        }
        for (String vertex : head) {
            Layer layer;
            if (vertex.equals(BodyLayers.HEAD)) {
                layer = new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn(headInputs)
                        .nOut(targetClasses)
                        .activation(Activation.SOFTMAX)
                        .weightInit(WeightInit.XAVIER)
                        .build();
            } else {
                layer = BodyLayers.layer(pretrained, vertex).clone();
                if (layer instanceof BaseLayer trainable) {
                    trainable.setIUpdater(Optimizers.updater(optimizer, learningRate));
                    trainable.setBiasUpdater(null);
                }
            }
            builder.addLayer(vertex, layer, vertices.get(vertex).getPreProcessor(), previous);
            previous = vertex;
        }
        builder.setOutputs(BodyLayers.HEAD);
        if (frozenLayers > 0) {
            // Freezes the named vertex and every vertex before it: the first frozenLayers body layers.
            builder.setFeatureExtractor(BodyLayers.lastVertexOf(pretrained, frozenLayers));
        }
        ComputationGraph network = builder.build();
        if (bodyLearningRate != learningRate) {
            network = withBodyUpdater(network, Optimizers.updater(optimizer, bodyLearningRate));
        }
        network.getConfiguration().setEpochCount(0);
        return network;
    }

    /**
     * Sets the learning rates of a fine-tune network between epochs: {@code bodyLearningRate} on its
     * trainable body layers, {@code learningRate} on the rest (the head). Frozen layers have no
     * updater and are left alone; each parameter keeps its updater state (Adam's moments).
     * Population-based training resumes a donor's checkpoint with new rates this way; for any other
     * resume the rates are the checkpoint's own and nothing changes.
     *
     * <p>DL4J groups consecutive parameters with equal updater settings into one updater block whose
     * state is laid out [m of every parameter][v of every parameter], so a new rate can split or merge
     * blocks. {@code ComputationGraph.setLearningRate} rearranges the state for that, but fails (a
     * NullPointerException in {@code NetworkUtils.rebuildUpdaterStateArray}) when a block without
     * state, a frozen layer's, is in the graph; this rearranges it parameter by parameter instead.
     */
    public static void setLearningRates(ComputationGraph network, double learningRate, double bodyLearningRate) {
        Map<String, Double> rates = new HashMap<>();
        network.getConfiguration().getVertices().forEach((name, vertex) -> {
            if (vertex instanceof LayerVertex layer && layer.getLayerConf().getLayer() instanceof BaseLayer trainable
                    && trainable.getIUpdater() != null && trainable.getIUpdater().hasLearningRate()) {
                double rate = BodyLayers.isBody(name) ? bodyLearningRate : learningRate;
                if (trainable.getIUpdater().getLearningRate(0, 0) != rate) {
                    rates.put(name, rate);
                }
            }
        });
        if (rates.isEmpty()) {
            return;
        }
        BaseMultiLayerUpdater<?> before = (BaseMultiLayerUpdater<?>) network.getUpdater();
        Map<String, List<INDArray>> state = statePerParameter(before.getUpdaterBlocks());
        rates.forEach((name, rate) -> {
            for (Layer conf : List.of(network.getLayer(name).conf().getLayer(),
                    ((LayerVertex) network.getConfiguration().getVertices().get(name)).getLayerConf().getLayer())) {
                ((BaseLayer) conf).getIUpdater().setLrAndSchedule(rate, null);
            }
        });
        network.setUpdater(null);
        BaseMultiLayerUpdater<?> after = (BaseMultiLayerUpdater<?>) network.getUpdater();
        List<INDArray> parts = new ArrayList<>();
        for (UpdaterBlock block : after.getUpdaterBlocks()) {
            List<UpdaterBlock.ParamState> params = block.getLayersAndVariablesInBlock();
            int segments = state.getOrDefault(key(params.get(0)), List.of()).size();
            for (int s = 0; s < segments; s++) {
                for (UpdaterBlock.ParamState p : params) {
                    parts.add(state.get(key(p)).get(s));
                }
            }
        }
        if (!parts.isEmpty()) {
            after.setStateViewArray(Nd4j.hstack(parts.toArray(INDArray[]::new)).reshape(1, -1));
        }
    }

    /** Each parameter's updater state, one row per state variable (Adam: m, then v), copied out of its block. */
    private static Map<String, List<INDArray>> statePerParameter(List<UpdaterBlock> blocks) {
        Map<String, List<INDArray>> state = new HashMap<>();
        for (UpdaterBlock block : blocks) {
            long parameters = block.getParamOffsetEnd() - block.getParamOffsetStart();
            long length = block.getUpdaterViewOffsetEnd() - block.getUpdaterViewOffsetStart();
            if (parameters == 0 || length == 0) {
                continue; // no state: a frozen layer, or plain SGD
            }
            INDArray view = block.getUpdaterView().reshape(1, -1);
            for (long segment = 0; segment < length / parameters; segment++) {
                long offset = segment * parameters;
                for (UpdaterBlock.ParamState p : block.getLayersAndVariablesInBlock()) {
                    long n = p.getParamView().length();
                    state.computeIfAbsent(key(p), k -> new ArrayList<>())
                            .add(view.get(NDArrayIndex.point(0), NDArrayIndex.interval(offset, offset + n)).dup().reshape(1, n));
                    offset += n;
                }
            }
        }
        return state;
    }

    private static String key(UpdaterBlock.ParamState p) {
        Object owner = p.getLayer();
        String name = owner instanceof org.deeplearning4j.nn.graph.vertex.GraphVertex v ? v.getVertexName()
                : ((org.deeplearning4j.nn.api.Layer) owner).conf().getLayer().getLayerName();
        return name + "/" + p.getParamName();
    }

    /**
     * DL4J's fine-tune configuration sets one updater for every trainable layer; a second rate for
     * the body means rebuilding from a copy of the configuration with the body layers' updaters
     * replaced, keeping the parameters (frozen layers carry no updater and are left alone).
     */
    private static ComputationGraph withBodyUpdater(ComputationGraph network, IUpdater bodyUpdater) {
        ComputationGraphConfiguration conf = network.getConfiguration().clone();
        conf.getVertices().forEach((name, vertex) -> {
            if (BodyLayers.isBody(name) && vertex instanceof LayerVertex layer
                    && layer.getLayerConf().getLayer() instanceof BaseLayer trainable) {
                trainable.setIUpdater(bodyUpdater.clone());
                trainable.setBiasUpdater(null);
            }
        });
        ComputationGraph rebuilt = new ComputationGraph(conf);
        rebuilt.init(network.params().dup(), false);
        return rebuilt;
    }
}
