package org.transferlab.experiments.transferability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.experiments.data.ClassSampler;
import org.transferlab.experiments.data.DataSplits;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.train.PretrainStage;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.TransferabilitySpec;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * The transferability stage of a fine-tune experiment, run on a worker before the sweep: the body
 * (the {@code body} input, else {@code pretrain.artifact}) reads {@code examplesPerClass} labelled
 * examples per target class, drawn with the stage's seed from the target's training part (never
 * validation or test: {@link DataSplits#training()}), and each candidate frozen depth is scored on
 * the features at its cut: the raw inputs for 0, else the output of the last vertex of the first
 * {@code frozenLayers} body layers (what a fine-tune with that depth keeps fixed), flattened. Nothing
 * trains and nothing is published; the scores come back in the result. Reports no epochs.
 */
public final class TransferabilityStage {

    private TransferabilityStage() {}

    public static WorkResult run(WorkItem work, ExperimentSpec spec, Dataset target, ArtifactStore artifacts) throws IOException {
        TrialConfig.Transferability asked = work.config().transferability();
        if (asked == null) {
            throw new IllegalArgumentException("TRANSFERABILITY work " + work.workId() + " carries no candidates to score");
        }
        if (!TransferabilitySpec.LOGME.equals(asked.method())) {
            throw new IllegalArgumentException("unknown transferability method '" + asked.method() + "'");
        }
        String bodyId = PretrainStage.bodyArtifact(work, spec);
        ComputationGraph body = PretrainStage.loadBody(bodyId, target, artifacts);
        int layers = BodyLayers.count(body);
        List<Integer> classes = spec.data().targetClasses();
        DataSet sample = ClassSampler.sample(DataSplits.of(target, spec).training(), classes, work.config().examplesPerClass(),
                work.config().seed());
        int[] labels = sample.getLabels().argMax(1).toIntVector();
        Map<String, INDArray> activations = body.feedForward(sample.getFeatures(), false);
        List<CandidateScore> scores = new ArrayList<>();
        for (int depth : asked.frozenLayers()) {
            if (depth < 0 || depth > layers) {
                throw new IllegalArgumentException("candidate frozenLayers " + depth + " is outside the body's 0.." + layers
                        + " layers (body artifact '" + bodyId + "')");
            }
            String cut = depth == 0 ? BodyLayers.INPUT : BodyLayers.lastVertexOf(body, depth);
            double[][] features = flat(activations.get(cut));
            scores.add(new CandidateScore(depth, cut, features[0].length, labels.length,
                    LogMe.score(features, labels, classes.size())));
        }
        return WorkResult.scored(scores);
    }

    /** One row per example, whatever the activation's shape (a convolution's channels × height × width). */
    static double[][] flat(INDArray activation) {
        long n = activation.size(0);
        return activation.castTo(DataType.DOUBLE).reshape('c', n, activation.length() / n).toDoubleMatrix();
    }
}
