package org.transferlab.experiments.distill;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.protocol.work.TrialConfig;

/**
 * Attention transfer in DL4J terms: the student with one extra output per pair of layers, a
 * {@code LossLayer} with {@link AttentionLoss} reading the student layer's maps, so that DL4J adds the
 * terms to the head's soft-target loss and backpropagates all of them in one pass. Each minibatch's
 * labels are {@code [y | v]} for the head and, per pair, the frozen teacher's normalised attention map
 * of the same images ({@link #targets}), computed batch by batch. The published student is the plain
 * network, without the extra outputs ({@link #studentOnly}).
 */
public final class AttentionTransfer {

    /** Prefix of the extra outputs: {@code attention-0}, {@code attention-1}, …. */
    static final String OUTPUT = "attention-";

    private final ComputationGraph teacher;
    private final TrialConfig.Attention attention;
    private final List<int[]> teacherShapes;

    /**
     * @param probe one or more training examples, to read the shapes of the paired layers
     * @throws IllegalArgumentException when a vertex is missing, has no map, or the pair's maps differ in size
     */
    public AttentionTransfer(ComputationGraph teacher, TrialConfig.Attention attention, INDArray probe) {
        this.teacher = teacher;
        this.attention = attention;
        Map<String, INDArray> acts = teacher.feedForward(first(probe), false);
        this.teacherShapes = new ArrayList<>();
        for (TrialConfig.VertexPair pair : attention.pairs()) {
            teacherShapes.add(mapShape(acts, pair.teacher(), "teacher", teacher));
        }
    }

    /** The student with one attention output per pair after its head; same initial weights. */
    public ComputationGraph withOutputs(ComputationGraph student, INDArray probe) {
        Map<String, INDArray> acts = student.feedForward(first(probe), false);
        TransferLearning.GraphBuilder graph = new TransferLearning.GraphBuilder(student);
        List<String> outputs = new ArrayList<>(List.of(BodyLayers.HEAD));
        for (int i = 0; i < attention.pairs().size(); i++) {
            TrialConfig.VertexPair pair = attention.pairs().get(i);
            int[] shape = mapShape(acts, pair.student(), "student", student);
            int[] theirs = teacherShapes.get(i);
            if (shape[1] != theirs[1] || shape[2] != theirs[2]) {
                throw new IllegalArgumentException("attention pair " + i + ": student vertex " + pair.student() + " outputs " + shape[1]
                        + "×" + shape[2] + " maps but teacher vertex " + pair.teacher() + " outputs " + theirs[1] + "×" + theirs[2]);
            }
            graph.addLayer(OUTPUT + i, new LossLayer.Builder(new AttentionLoss(shape[0], attention.beta(), attention.power()))
                    .activation(Activation.IDENTITY).updater(new NoOp()).build(),
                    new CnnToFeedForwardPreProcessor(shape[1], shape[2], shape[0]), pair.student());
            outputs.add(OUTPUT + i);
        }
        return graph.setOutputs(outputs.toArray(String[]::new)).build();
    }

    /** A minibatch's labels: the head's packed {@code [y | v]}, then the teacher's normalised map per pair. */
    public MultiDataSet targets(INDArray features, INDArray headLabels) {
        Map<String, INDArray> acts = teacher.feedForward(features, false);
        INDArray[] labels = new INDArray[attention.pairs().size() + 1];
        labels[0] = headLabels;
        for (int i = 0; i < attention.pairs().size(); i++) {
            labels[i + 1] = AttentionLoss.map(acts.get(attention.pairs().get(i).teacher()), teacherShapes.get(i)[0], attention.power())
                    .castTo(headLabels.dataType());
        }
        return new MultiDataSet(new INDArray[] {features}, labels);
    }

    /** The student alone: its attention outputs removed, every weight kept. */
    public static ComputationGraph studentOnly(ComputationGraph network) {
        List<String> extra = network.getConfiguration().getNetworkOutputs().stream().filter(o -> o.startsWith(OUTPUT)).toList();
        if (extra.isEmpty()) {
            return network;
        }
        TransferLearning.GraphBuilder graph = new TransferLearning.GraphBuilder(network);
        extra.forEach(graph::removeVertexAndConnections);
        return graph.setOutputs(BodyLayers.HEAD).build();
    }

    /** {channels, height, width} of a vertex's maps, or an error naming the vertex and the vertices there are. */
    private static int[] mapShape(Map<String, INDArray> acts, String vertex, String who, ComputationGraph network) {
        INDArray a = acts.get(vertex);
        if (a == null) {
            throw new IllegalArgumentException("the " + who + " has no vertex '" + vertex + "'; its vertices are " + BodyLayers.order(network));
        }
        if (a.rank() != 4) {
            throw new IllegalArgumentException("the " + who + "'s vertex '" + vertex + "' outputs " + a.shapeInfoToString()
                    + ", no conv maps: attention transfer needs a conv, pool, batch norm or activation layer");
        }
        return new int[] {(int) a.size(1), (int) a.size(2), (int) a.size(3)};
    }

    private static INDArray first(INDArray features) {
        return features.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
    }
}
