package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Sgd;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.experiments.gtl.GuideMatrix;
import org.transferlab.experiments.gtl.ScoutStage;
import org.transferlab.experiments.model.BodyLayers;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/**
 * GTL in the published setting through the runner, across datasets: a body pretrained on
 * Fashion-MNIST 0–4, scouts on sub-problems of that source task, and an SGD fine-tune on MNIST 5–9
 * whose gradients are multiplied by the guide.
 */
class GtlPublishedSettingTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: published-gtl
            kind: gtl
            seed: 3
            data: {dataset: mnist, sourceDataset: fashion-mnist, sourceClasses: [0, 1, 2, 3, 4], sourceExamplesPerClass: 60,
                   targetClasses: [5, 6, 7, 8, 9], examplesPerClass: 10, validationPerClass: 30}
            model: {type: mlp, hidden: [24]}
            pretrain: {epochs: 2, learningRate: 1.0e-3, batchSize: 32}
            train: {epochs: 6, batchSize: 10, learningRate: 0.2, frozenLayers: 0, checkpointEvery: 0, optimizer: sgd}
            gtl: {scouts: 2, classesPerScout: 2, examplesPerClass: 20, scoutEpochs: 2, scoutLearningRate: 0.05, sparsify: 0.3}
            """);

    private static final ProgressListener QUIET = new ProgressListener() {
        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {}

        @Override
        public boolean stopRequested() {
            return false;
        }
    };

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static String body;
    private static String scout0;
    private static String guide;

    private static WorkItem work(StageKind stage, Map<String, Object> params, Map<String, String> inputs) {
        return WorkItems.work("w-" + stage, "exp-published", "t-" + stage, stage, SPEC, params, inputs, null);
    }

    @BeforeAll
    static void pretrainScoutsAndGuide() throws Exception {
        runner = new TrialRunner(dir.resolve("no-datasets"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        body = runner.run(work(StageKind.PRETRAIN, Map.of(), Map.of()), artifacts, QUIET).artifacts().get("body");
        Map<String, String> inputs = new HashMap<>(Map.of("body", body));
        for (int s = 0; s < 2; s++) {
            String scout = runner.run(work(StageKind.SCOUT, Map.of("scout", s), Map.of("body", body)), artifacts, QUIET)
                    .artifacts().get("scout");
            inputs.put("scout-" + s, scout);
            if (s == 0) {
                scout0 = scout;
            }
        }
        guide = runner.run(work(StageKind.GUIDE, Map.of(), inputs), artifacts, QUIET).artifacts().get("guide");
    }

    private static ComputationGraph scoutTrainedDirectlyOn(String dataset) throws Exception {
        WorkItem work = work(StageKind.SCOUT, Map.of("scout", 0), Map.of("body", body));
        WorkResult result = new ScoutStage(work, SPEC.withDefaults(), DatasetRegistry.load(dataset, null), artifacts).run(QUIET);
        return Checkpoints.load(artifacts.fetch(result.artifacts().get("scout")));
    }

    @Test
    void a_source_scout_run_by_the_runner_trains_on_the_source_dataset_not_the_target_one() throws Exception {
        ComputationGraph viaRunner = Checkpoints.load(artifacts.fetch(scout0));

        assertEquals(scoutTrainedDirectlyOn("fashion-mnist").params(), viaRunner.params(),
                "the runner's scout is the scout of Fashion-MNIST (data.sourceDataset)");
        assertNotEquals(scoutTrainedDirectlyOn("mnist").params(), viaRunner.params(),
                "an MNIST scout would have ended elsewhere");
    }

    @Test
    void scouts_and_the_guided_fine_tune_train_with_sgd_and_zero_guide_weights_never_move() throws Exception {
        ComputationGraph scout = Checkpoints.load(artifacts.fetch(scout0));
        assertInstanceOf(Sgd.class, ((BaseLayer) BodyLayers.layer(scout, "body-0")).getIUpdater(), "scouts share train's sgd");

        WorkResult tuned = runner.run(work(StageKind.FINETUNE, Map.of(), Map.of("body", body, "guide", guide)),
                artifacts, QUIET);

        ComputationGraph model = Checkpoints.load(artifacts.fetch(tuned.artifacts().get("model")));
        assertInstanceOf(Sgd.class, ((BaseLayer) BodyLayers.layer(model, "body-0")).getIUpdater());
        assertInstanceOf(Sgd.class, ((BaseLayer) BodyLayers.layer(model, BodyLayers.HEAD)).getIUpdater());
        INDArray g = GuideMatrix.load(artifacts.fetch(guide)).values().get("body-0_W");
        INDArray before = Checkpoints.load(artifacts.fetch(body)).getParam("body-0_W");
        INDArray moved = model.getParam("body-0_W").neq(before).castTo(g.dataType());
        double zeroGuide = g.eq(0).castTo(g.dataType()).sumNumber().doubleValue();
        assertTrue(zeroGuide > 0, "sparsify 0.3 zeroes some weights");
        assertEquals(0.0, moved.mul(g.eq(0).castTo(g.dataType())).sumNumber().doubleValue(), "a zero-guide weight moved");
        assertTrue(moved.mul(g.gt(0).castTo(g.dataType())).sumNumber().doubleValue() > 0, "guided weights move");
        assertTrue(tuned.finalMetrics().get("val_accuracy") > 0.3, "learns the target task: " + tuned.finalMetrics());
    }
}
