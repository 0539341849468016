package org.transferlab.experiments.distill;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.transferlearning.FineTuneConfiguration;
import org.deeplearning4j.nn.transferlearning.TransferLearning;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.transferlab.experiments.data.Shuffle;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.protocol.work.TrialConfig;

/**
 * FitNet's first stage (Romero et al., "FitNets: Hints for Thin Deep Nets", ICLR 2015, §2.2): the
 * student's layers up to its guided layer, followed by a regressor r, learn the frozen teacher's hint
 * layer's activations u_h with L_HT = ½‖u_h − r(v_g)‖² (here its mean over the hint's values: MSE; Adam
 * makes the scale moot). The regressor is, as in the paper, a convolution when both layers output conv
 * maps (kernel (H_g − H_h + 1) × (W_g − W_h + 1) without padding, so it outputs the hint's size and
 * channels) and a dense layer otherwise (also when the guided map is smaller than the hint's), with
 * the hint layer's own non-linearity. In DL4J terms the stage is a copy of the student cut after the
 * guided vertex with the regressor and a {@code LossLayer} as its only output; its labels are the
 * teacher's hint activations, computed minibatch by minibatch. Its trained weights are then copied
 * into the student, whose later layers are untouched, and the regressor is dropped; stage two (the
 * soft-target training of the whole student) is the usual student training.
 */
public final class FitNetHints {

    static final String REGRESSOR = "fitnet-regressor";
    static final String LOSS = "fitnet-hint";

    private final ComputationGraph teacher;
    private final TrialConfig.Hints hints;

    public FitNetHints(ComputationGraph teacher, TrialConfig.Hints hints) {
        this.teacher = teacher;
        this.hints = hints;
    }

    /** What stage one ended with: the mean hint loss of its last epoch, before and after training. */
    public record Outcome(double firstLoss, double lastLoss) {}

    /**
     * Trains {@code student}'s layers up to the guided vertex on the hints of {@code features}, in place, for the
     * configured epochs (batches of {@code batchSize} in an order drawn from {@code seed}).
     */
    public Outcome train(ComputationGraph student, INDArray features, int batchSize, long seed) {
        ComputationGraph stage = hintNetwork(student, features, seed);
        int n = (int) features.size(0);
        double first = Double.NaN;
        double last = Double.NaN;
        for (int epoch = 0; epoch < hints.epochs(); epoch++) {
            int[] order = Shuffle.permutation(n, new Random(seed * 3_000_017L + epoch));
            double sum = 0;
            for (int start = 0; start < n; start += batchSize) {
                int[] rows = Arrays.copyOfRange(order, start, Math.min(n, start + batchSize));
                INDArray batch = Nd4j.pullRows(features, 1, rows);
                stage.fit(new DataSet(batch, hint(batch)));
                sum += stage.score() * rows.length;
                if (epoch == 0 && start == 0) {
                    first = stage.score();
                }
            }
            last = sum / n;
        }
        copyInto(stage, student);
        return new Outcome(first, last);
    }

    /** The teacher's hint activations of {@code features}, flat per example. */
    INDArray hint(INDArray features) {
        INDArray h = activation(teacher, features, hints.teacherVertex(), "teacher");
        return h.reshape('c', h.size(0), h.length() / h.size(0));
    }

    /** The student cut after its guided vertex, plus the regressor and the hint loss as its only output. */
    ComputationGraph hintNetwork(ComputationGraph student, INDArray features, long seed) {
        INDArray probe = features.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all());
        INDArray guided = activation(student, probe, hints.studentVertex(), "student");
        INDArray hint = activation(teacher, probe, hints.teacherVertex(), "teacher");
        IActivation nonLinearity = nonLinearity(teacher, hints.teacherVertex());
        List<String> order = BodyLayers.order(student);
        TransferLearning.GraphBuilder graph = new TransferLearning.GraphBuilder(student)
                .fineTuneConfiguration(new FineTuneConfiguration.Builder().updater(new Adam(hints.learningRate())).seed(seed).build());
        for (String vertex : order.subList(order.indexOf(hints.studentVertex()) + 1, order.size())) {
            graph.removeVertexAndConnections(vertex);
        }
        long hintSize = hint.length();
        boolean conv = guided.rank() == 4 && hint.rank() == 4 && guided.size(2) >= hint.size(2) && guided.size(3) >= hint.size(3);
        if (conv) {
            graph.addLayer(REGRESSOR, new ConvolutionLayer.Builder((int) (guided.size(2) - hint.size(2) + 1),
                            (int) (guided.size(3) - hint.size(3) + 1))
                    .stride(1, 1).convolutionMode(ConvolutionMode.Truncate).nIn(guided.size(1)).nOut(hint.size(1))
                    .activation(nonLinearity).weightInit(WeightInit.XAVIER).updater(new Adam(hints.learningRate())).build(),
                    hints.studentVertex());
            graph.addLayer(LOSS, new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).updater(new NoOp()).build(),
                    new CnnToFeedForwardPreProcessor(hint.size(2), hint.size(3), hint.size(1)), REGRESSOR);
        } else {
            DenseLayer.Builder dense = new DenseLayer.Builder().nIn(guided.length()).nOut(hintSize).activation(nonLinearity)
                    .weightInit(WeightInit.XAVIER).updater(new Adam(hints.learningRate()));
            if (guided.rank() == 4) {
                graph.addLayer(REGRESSOR, dense.build(), new CnnToFeedForwardPreProcessor(guided.size(2), guided.size(3), guided.size(1)),
                        hints.studentVertex());
            } else {
                graph.addLayer(REGRESSOR, dense.build(), hints.studentVertex());
            }
            graph.addLayer(LOSS, new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).updater(new NoOp()).build(), REGRESSOR);
        }
        return graph.setOutputs(LOSS).build();
    }

    /** Copies the parameters of every layer the hint network shares with the student (those up to the guided vertex). */
    static void copyInto(ComputationGraph stage, ComputationGraph student) {
        for (String vertex : BodyLayers.order(stage)) {
            if (vertex.equals(REGRESSOR) || vertex.equals(LOSS) || student.getVertex(vertex) == null
                    || !student.getVertex(vertex).hasLayer()) {
                continue;
            }
            INDArray learned = stage.getLayer(vertex).params();
            if (learned != null && learned.length() > 0) {
                student.getLayer(vertex).params().assign(learned);
            }
        }
    }

    private static INDArray activation(ComputationGraph network, INDArray features, String vertex, String who) {
        Map<String, INDArray> acts = network.feedForward(features, false);
        INDArray a = acts.get(vertex);
        if (a == null || vertex.equals(BodyLayers.INPUT)) {
            throw new IllegalArgumentException("the " + who + " has no vertex '" + vertex + "' for FitNet hints; its vertices are "
                    + BodyLayers.order(network));
        }
        return a;
    }

    /**
     * The hint's non-linearity, which the paper gives the regressor too: the activation of the hint vertex,
     * or of the layer before it when it has none of its own (pooling, batch norm, dropout).
     */
    static IActivation nonLinearity(ComputationGraph network, String vertex) {
        String at = vertex;
        while (at != null && !at.equals(BodyLayers.INPUT)) {
            GraphVertex conf = network.getConfiguration().getVertices().get(at);
            if (conf instanceof LayerVertex) {
                Layer layer = BodyLayers.layer(network, at);
                if (layer instanceof DropoutLayer) {
                    // passes its input on: the non-linearity is the one before it
                } else if (layer instanceof ActivationLayer act) {
                    return act.getActivationFn();
                } else if (layer instanceof BaseLayer base && base.getActivationFn() != null) {
                    return base.getActivationFn();
                }
            }
            List<String> inputs = network.getConfiguration().getVertexInputs().get(at);
            at = inputs == null || inputs.isEmpty() ? null : inputs.get(0);
        }
        return Activation.IDENTITY.getActivationFunction();
    }
}
