package org.transferlab.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.experiments.WorkItems;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.model.LeNetNetworkTest;
import org.transferlab.experiments.model.MlpNetwork;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ModelSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.protocol.work.WorkResult;

/** The stage skeleton on a tiny MLP and random data: what every training stage inherits. */
class TrainingStageTest {

    private static final ExperimentSpec SPEC = SpecCodec.parse("name: t\nkind: finetune\nseed: 3\n").withDefaults();
    private static final DataSet DATA = LeNetNetworkTest.randomImages(12, 16, 3, 1);

    @TempDir
    Path dir;

    /** A stage that counts the fresh networks it builds and adds one final metric. */
    private static final class TinyStage extends TrainingStage {
        int freshNetworks;

        TinyStage(WorkItem work, DirectoryArtifactStore artifacts) {
            this(work, SPEC, artifacts);
        }

        TinyStage(WorkItem work, ExperimentSpec spec, DirectoryArtifactStore artifacts) {
            super(work, spec, null, artifacts, ArtifactRole.TEACHER);
        }

        @Override
        protected ComputationGraph freshNetwork() {
            freshNetworks++;
            return MlpNetwork.build(new ModelSpec("mlp", List.of(6), List.of(), "relu", 0.0), 16, 3, 1e-2, 3);
        }

        @Override
        protected TrainingLoop loop(ComputationGraph network) {
            return classifier(network, DATA, DATA, 3);
        }

        @Override
        protected DataSet testSet() {
            return DATA;
        }

        @Override
        protected Map<String, Double> finalMetrics(ComputationGraph trained) {
            return Map.of("epochs_seen", (double) trained.getEpochCount());
        }
    }

    private static WorkItem work(String resumeFrom) {
        return WorkItems.work("w", "exp", "t", StageKind.TEACHER, SPEC,
                Map.of("epochs", 3, "batchSize", 4, "checkpointEvery", 1), Map.of(), resumeFrom);
    }

    private static class Recorder implements ProgressListener {
        final List<Integer> epochs = new ArrayList<>();
        final List<String> checkpoints = new ArrayList<>();
        private final int stopAfter;

        Recorder(int stopAfter) {
            this.stopAfter = stopAfter;
        }

        @Override
        public void onEpoch(int epoch, Map<String, Double> metrics) {
            epochs.add(epoch);
        }

        @Override
        public boolean stopRequested() {
            return epochs.size() >= stopAfter;
        }

        @Override
        public void onCheckpoint(int epoch, String artifactId) {
            checkpoints.add(artifactId);
        }
    }

    @Test
    void the_result_carries_the_networks_size_and_forward_time_only_when_an_objective_names_them() throws Exception {
        ExperimentSpec bySize = SpecCodec.parse("""
                name: t
                kind: finetune
                seed: 3
                objective:
                  metrics: [{metric: val_accuracy, mode: max}, {metric: inference_ms, mode: min}]
                """).withDefaults();
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir);
        WorkItem work = WorkItems.work("w", "exp", "t", StageKind.TEACHER, bySize,
                Map.of("epochs", 1, "batchSize", 4), Map.of(), null);

        WorkResult measured = new TinyStage(work, bySize, artifacts).run(new Recorder(Integer.MAX_VALUE));
        WorkResult plain = new TinyStage(work(null), artifacts).run(new Recorder(Integer.MAX_VALUE));

        // the MLP 16 → 6 → 3: 16·6 + 6 weights and biases, then 6·3 + 3
        assertEquals(16 * 6 + 6 + 6 * 3 + 3, measured.finalMetrics().get(Metrics.PARAMS));
        assertTrue(measured.finalMetrics().get(Metrics.INFERENCE_MS) > 0, measured.finalMetrics().toString());
        assertTrue(measured.testMetrics().keySet().stream().noneMatch(k -> k.equals(Metrics.PARAMS)), "a cost is no test metric");
        assertFalse(plain.finalMetrics().containsKey(Metrics.PARAMS), plain.finalMetrics().toString());
        assertFalse(plain.finalMetrics().containsKey(Metrics.INFERENCE_MS), plain.finalMetrics().toString());
    }

    @Test
    void a_stopped_run_still_publishes_its_network_under_the_output_role_with_the_final_metrics() throws Exception {
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir);
        TinyStage stage = new TinyStage(work(null), artifacts);

        WorkResult result = stage.run(new Recorder(2));

        assertTrue(result.stoppedEarly());
        assertEquals(1, stage.freshNetworks);
        assertEquals(List.of(ArtifactRole.TEACHER.key()), List.copyOf(result.artifacts().keySet()));
        assertEquals(2, Checkpoints.load(artifacts, result.artifacts().get(ArtifactRole.TEACHER.key())).getEpochCount());
        assertEquals(2.0, result.finalMetrics().get("epochs_seen"));
        assertTrue(result.finalMetrics().containsKey(Metrics.VAL_ACCURACY), result.finalMetrics().toString());
    }

    @Test
    void a_resumed_run_builds_no_fresh_network_and_ends_where_an_uninterrupted_one_does() throws Exception {
        DirectoryArtifactStore artifacts = new DirectoryArtifactStore(dir);
        Recorder first = new Recorder(Integer.MAX_VALUE);
        WorkResult whole = new TinyStage(work(null), artifacts).run(first);
        TinyStage resumed = new TinyStage(work(first.checkpoints.get(0)), artifacts);

        Recorder rest = new Recorder(Integer.MAX_VALUE);
        WorkResult result = resumed.run(rest);

        assertEquals(0, resumed.freshNetworks, "the checkpoint is the network");
        assertEquals(List.of(2, 3), rest.epochs);
        assertFalse(result.stoppedEarly());
        assertEquals(Checkpoints.load(artifacts, whole.artifacts().get("teacher")).params(),
                Checkpoints.load(artifacts, result.artifacts().get("teacher")).params());
    }
}
