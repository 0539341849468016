package org.transferlab.experiments.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.misc.FrozenLayer;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The names every network here gives its vertices, and what they say. The body layers a spec
 * counts ({@code ModelSpec.bodyLayers()}: each convolution, with the batch norm, activation and
 * pooling after it, counts as one, each dense hidden layer as one) are the vertices
 * {@code body-0}, {@code body-1}, …, in order; a layer that belongs to body layer i is named
 * {@code body-i-norm}, {@code body-i-act} or {@code body-i-pool}. The classifier's output layer is
 * {@value #HEAD}, the input {@value #INPUT}. So "the first n body layers" and "the head" are named
 * cut points: freezing, replacing the head, the guide's parameters ({@code body-0_W}, …) and the
 * teacher's logits are all found by name, never by position.
 */
public final class BodyLayers {

    /** The network's input: flat examples {@code [n, height·width]}. */
    public static final String INPUT = "input";
    /** The classifier's softmax output layer. */
    public static final String HEAD = "head";

    private static final Pattern BODY_VERTEX = Pattern.compile("body-(\\d+)(-[a-z]+)?");

    private BodyLayers() {}

    /** The name of body layer {@code index} (its convolution or dense layer). */
    public static String name(int index) {
        return "body-" + index;
    }

    /** The name of a layer that belongs to body layer {@code index}: {@code norm}, {@code act} or {@code pool}. */
    static String part(int index, String role) {
        return name(index) + "-" + role;
    }

    /** Whether {@code vertex} belongs to the body (a body layer or a part of one). */
    public static boolean isBody(String vertex) {
        return BODY_VERTEX.matcher(vertex).matches();
    }

    /** Body layers of {@code network}: vertices named {@code body-<i>}, frozen or not. */
    public static int count(ComputationGraph network) {
        int count = 0;
        for (String vertex : order(network)) {
            Matcher m = BODY_VERTEX.matcher(vertex);
            if (m.matches() && m.group(2) == null) {
                count++;
            }
        }
        return count;
    }

    /**
     * The last vertex that belongs to the first {@code bodyLayers} body layers (a convolution's
     * pooling included), or null for none: the cut point to freeze up to.
     */
    public static String lastVertexOf(ComputationGraph network, int bodyLayers) {
        int total = count(network);
        if (bodyLayers < 0 || bodyLayers > total) {
            throw new IllegalArgumentException("the body has " + total + " layers; cannot take " + bodyLayers);
        }
        String last = null;
        for (String vertex : order(network)) {
            Matcher m = BODY_VERTEX.matcher(vertex);
            if (m.matches() && Integer.parseInt(m.group(1)) < bodyLayers) {
                last = vertex;
            }
        }
        return last;
    }

    /** Vertex names from input to output (DL4J's topological order). */
    public static List<String> order(ComputationGraph network) {
        List<String> names = new ArrayList<>();
        for (int index : network.topologicalSortOrder()) {
            names.add(network.getVertices()[index].getVertexName());
        }
        return names;
    }

    /** The vertex the head reads: the last body vertex, or {@value #INPUT} for a network without a body. */
    public static String headInput(ComputationGraph network) {
        List<String> inputs = network.getConfiguration().getVertexInputs().get(HEAD);
        if (inputs == null || inputs.size() != 1) {
            throw new IllegalArgumentException("the network has no single-input vertex named '" + HEAD + "'; it has "
                    + order(network));
        }
        return inputs.get(0);
    }

    /** The configuration of the layer at {@code vertex}, unwrapped if frozen. */
    public static Layer layer(ComputationGraph network, String vertex) {
        GraphVertex conf = network.getConfiguration().getVertices().get(vertex);
        if (!(conf instanceof LayerVertex layerVertex)) {
            throw new IllegalArgumentException("the network has no layer named '" + vertex + "'");
        }
        Layer layer = layerVertex.getLayerConf().getLayer();
        return layer instanceof FrozenLayer frozen ? frozen.getLayer() : layer;
    }

    /** Features per example the network reads (flat), from the first layer or its input reshaping. */
    public static long inputs(ComputationGraph network) {
        String first = order(network).stream()
                .filter(v -> network.getConfiguration().getVertexInputs().getOrDefault(v, List.of()).contains(INPUT))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no layer reads the network's input"));
        LayerVertex vertex = (LayerVertex) network.getConfiguration().getVertices().get(first);
        if (vertex.getPreProcessor() instanceof FeedForwardToCnnPreProcessor cnn) {
            return cnn.getInputHeight() * cnn.getInputWidth() * cnn.getNumChannels();
        }
        if (layer(network, first) instanceof FeedForwardLayer dense) {
            return dense.getNIn();
        }
        throw new IllegalArgumentException("cannot tell the input size of a network starting with "
                + layer(network, first).getClass().getSimpleName());
    }
}
