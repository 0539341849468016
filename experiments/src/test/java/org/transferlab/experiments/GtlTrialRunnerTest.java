package org.transferlab.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.gtl.GuideMatrix;
import org.transferlab.experiments.gtl.ScoutStage;
import org.transferlab.experiments.train.ProgressListener;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** GTL end to end on the bundled MNIST subset: pretrain 0–4, two scouts on 5–9, guide, guided fine-tune. */
class GtlTrialRunnerTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("""
            name: tiny-gtl
            kind: gtl
            seed: 42
            data: {dataset: mnist, sourceClasses: [0, 1, 2, 3, 4], sourceExamplesPerClass: 50,
                   targetClasses: [5, 6, 7, 8, 9], examplesPerClass: 20, validationPerClass: 50}
            model: {type: mlp, hidden: [32], activation: relu}
            pretrain: {epochs: 3, learningRate: 1.0e-3, batchSize: 32}
            train: {epochs: 3, batchSize: 16, learningRate: 1.0e-2, frozenLayers: 0, checkpointEvery: 0}
            gtl: {scouts: 2, classesPerScout: 2, examplesPerClass: 10, scoutEpochs: 3, scoutLearningRate: 1.0e-2,
                  scoutData: target, distance: squared, normalise: tensor, scale: 1.0, sparsify: 0.2, mode: update}
            """);

    @TempDir
    static Path dir;

    private static TrialRunner runner;
    private static DirectoryArtifactStore artifacts;
    private static String body;
    private static final List<WorkResult> scouts = new ArrayList<>();
    private static final List<List<Integer>> scoutEpochs = new ArrayList<>();
    private static WorkResult guide;

    private static class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            epochs.add(epoch);
        }

        @Override
        public boolean stopRequested() {
            return false;
        }
    }

    private static WorkItem work(StageKind stage, Map<String, Object> params, Map<String, String> inputs) {
        return WorkItems.work("w-" + stage, "exp-gtl", "t-" + stage, stage, SPEC, params, inputs, null);
    }

    @BeforeAll
    static void scoutsAndGuide() throws Exception {
        runner = new TrialRunner(dir.resolve("datasets-not-fetched"));
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        body = runner.run(work(StageKind.PRETRAIN, Map.of(), Map.of()), artifacts, new Recorder())
                .artifacts().get("body");
        Map<String, String> guideInputs = new HashMap<>(Map.of("body", body));
        for (int s = 0; s < 2; s++) {
            Recorder recorder = new Recorder();
            WorkResult scout = runner.run(work(StageKind.SCOUT, Map.of("scout", s), Map.of("body", body)),
                    artifacts, recorder);
            scouts.add(scout);
            scoutEpochs.add(recorder.epochs);
            guideInputs.put("scout-" + s, scout.artifacts().get("scout"));
        }
        guide = runner.run(work(StageKind.GUIDE, Map.of(), guideInputs), artifacts, new Recorder());
    }

    @Test
    void each_scout_trains_its_own_two_target_classes_for_the_scout_epochs_and_publishes_its_network()
            throws Exception {
        assertEquals(List.of(List.of(1, 2, 3), List.of(1, 2, 3)), scoutEpochs);
        List<Integer> first = ScoutStage.classesFor(List.of(5, 6, 7, 8, 9), 2, 42, 0);
        assertEquals(first, ScoutStage.classesFor(List.of(5, 6, 7, 8, 9), 2, 42, 0), "deterministic");
        assertTrue(List.of(5, 6, 7, 8, 9).containsAll(first) && first.size() == 2, first.toString());
        for (WorkResult scout : scouts) {
            ComputationGraph network = Checkpoints.load(artifacts.fetch(scout.artifacts().get("scout")));
            assertEquals(2, network.getLayer("head").getParam("b").length(), "a two-class scout head");
            assertTrue(scout.finalMetrics().get("val_accuracy") > 0.6, "scout " + scout.finalMetrics());
        }
    }

    @Test
    void the_guide_covers_the_body_and_its_summary_is_a_small_heat_map() throws Exception {
        GuideMatrix matrix = GuideMatrix.load(artifacts.fetch(guide.artifacts().get("guide")));
        assertEquals(List.of("body-0_W", "body-0_b"), List.copyOf(matrix.values().keySet()));
        assertEquals(2, matrix.scouts());
        double sparsity = guide.finalMetrics().get("guide_sparsity");
        assertTrue(sparsity > 0 && sparsity < 1, "sparsify 0.2 zeroes some, not all: " + guide.finalMetrics());
        assertEquals(matrix.mean(), guide.finalMetrics().get("guide_mean"), 1e-9);

        JsonNode summary = new ObjectMapper().readTree(artifacts.fetch(guide.artifacts().get("guide-summary")).toFile());
        JsonNode weights = summary.get("layers").get(0);
        assertEquals("body-0_W", weights.get("name").asText());
        assertEquals("[784,32]", weights.get("shape").toString());
        assertEquals(64, weights.get("rows").asInt());
        assertEquals(32, weights.get("cols").asInt());
        assertEquals(64, weights.get("values").size());
        assertEquals("[1,32]", summary.get("layers").get(1).get("shape").toString());
    }

    @Test
    void guided_fine_tune_leaves_zero_guide_parameters_at_the_pretrained_values_and_learns_the_rest()
            throws Exception {
        Recorder recorder = new Recorder();
        WorkResult tuned = runner.run(work(StageKind.FINETUNE, Map.of(),
                Map.of("body", body, "guide", guide.artifacts().get("guide"))), artifacts, recorder);

        assertEquals(List.of(1, 2, 3), recorder.epochs);
        assertTrue(tuned.finalMetrics().get("val_accuracy") > 0.5, "guided fine-tune " + tuned.finalMetrics());
        INDArray g = GuideMatrix.load(artifacts.fetch(guide.artifacts().get("guide"))).values().get("body-0_W");
        INDArray before = Checkpoints.load(artifacts.fetch(body)).getParam("body-0_W");
        INDArray after = Checkpoints.load(artifacts.fetch(tuned.artifacts().get("model"))).getParam("body-0_W");
        INDArray moved = after.neq(before).castTo(g.dataType());
        INDArray frozenByGuide = g.eq(0).castTo(g.dataType());
        assertEquals(0.0, moved.mul(frozenByGuide).sumNumber().doubleValue(), "a zero-guide weight moved");
        assertTrue(moved.sumNumber().doubleValue() > 0.1 * g.gt(0).castTo(g.dataType()).sumNumber().doubleValue(),
                "guided weights must move");
    }

    @Test
    void a_guide_also_attaches_to_a_fine_tune_with_frozen_layers_which_stay_frozen() throws Exception {
        WorkResult tuned = runner.run(work(StageKind.FINETUNE, Map.of("frozenLayers", 1, "epochs", 1),
                Map.of("body", body, "guide", guide.artifacts().get("guide"))), artifacts, new Recorder());

        ComputationGraph model = Checkpoints.load(artifacts.fetch(tuned.artifacts().get("model")));
        assertEquals(Checkpoints.load(artifacts.fetch(body)).getParam("body-0_W"), model.getParam("body-0_W"));
    }

    @Test
    void a_guide_without_scouts_is_a_clear_error() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> runner.run(work(StageKind.GUIDE, Map.of(), Map.of("body", body)), artifacts, new Recorder()));
        assertTrue(e.getMessage().contains("scout-<i>"), e.getMessage());
    }
}
