package org.transferlab.experiments.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.config.Adam;

/**
 * A DL4J graph built as a chain: each layer added reads the one added before it (the first reads
 * {@value BodyLayers#INPUT}), under the name it is given. Every builder here makes chains; the graph
 * form is for the names, which say what a vertex is ({@link BodyLayers}), and for what comes later
 * (several heads, hints taken from the middle of the body).
 */
final class LayerChain {

    private final ComputationGraphConfiguration.GraphBuilder graph;
    private String last = BodyLayers.INPUT;

    /** Adam at {@code learningRate} and {@code weightInit} for every layer; the seed fixes the initial weights. */
    LayerChain(long seed, double learningRate, WeightInit weightInit) {
        this.graph = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(weightInit)
                .graphBuilder()
                .addInputs(BodyLayers.INPUT);
    }

    LayerChain add(String name, Layer layer) {
        graph.addLayer(name, layer, last);
        last = name;
        return this;
    }

    /** The name of the last layer added. */
    String last() {
        return last;
    }

    /** The graph with the last layer added as its output, initialised; DL4J infers each nIn from {@code input}. */
    ComputationGraph build(InputType input) {
        graph.setOutputs(last).setInputTypes(input);
        ComputationGraph network = new ComputationGraph(graph.build());
        network.init();
        return network;
    }
}
