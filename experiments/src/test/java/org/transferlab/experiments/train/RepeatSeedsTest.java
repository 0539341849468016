package org.transferlab.experiments.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Arrays;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.experiments.StageFixtures;
import org.transferlab.experiments.StageFixtures.Recorder;
import org.transferlab.experiments.checkpoint.Checkpoints;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkResult;

/**
 * Repeats are repeats: each training stage draws its training sample, its initial weights and its
 * batch order from the trial's own seed ({@code TrialConfig.seed}, which differs per repeat), not
 * from the experiment's. Two seeds differ in all three and end in different networks; the same
 * seed reproduces the run exactly, metric for metric and weight for weight (real DL4J training on
 * the bundled digits).
 */
class RepeatSeedsTest {

    @TempDir
    static Path dir;

    private static DirectoryArtifactStore artifacts;
    private static Dataset digits;
    private static String body;

    @BeforeAll
    static void pretrainABody() throws Exception {
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        digits = new DatasetRegistry(dir.resolve("nothing-fetched")).get("digits");
        body = StageFixtures.stage(StageFixtures.work(StageKind.PRETRAIN, 5, null), digits, artifacts)
                .run(new Recorder()).artifacts().get(ArtifactRole.BODY.key());
    }

    private static TrainingStage stage(StageKind kind, long seed) throws Exception {
        return StageFixtures.stage(StageFixtures.work(kind, seed, body), digits, artifacts);
    }

    @ParameterizedTest
    @EnumSource(value = StageKind.class, names = {"PRETRAIN", "FINETUNE", "SCRATCH_FINETUNE", "SCOUT", "TEACHER", "STUDENT"})
    void two_seeds_differ_in_sample_initialisation_and_batch_order_and_one_seed_reproduces(StageKind kind) throws Exception {
        TrainingStage first = stage(kind, 11);
        TrainingStage again = stage(kind, 11);
        TrainingStage other = stage(kind, 12);

        ComputationGraph firstNet = first.freshNetwork();
        ComputationGraph againNet = again.freshNetwork();
        ComputationGraph otherNet = other.freshNetwork();
        assertEquals(firstNet.params(), againNet.params(), kind + ": same seed, same initial weights");
        assertNotEquals(firstNet.params(), otherNet.params(), kind + ": another repeat starts from other weights");

        TrainingLoop firstLoop = first.loop(firstNet);
        TrainingLoop againLoop = again.loop(againNet);
        TrainingLoop otherLoop = other.loop(otherNet);
        assertEquals(firstLoop.trainingSet().getFeatures(), againLoop.trainingSet().getFeatures(), kind + ": same seed, same sample");
        if (kind == StageKind.TEACHER || kind == StageKind.STUDENT) {
            // distillation's one data sample (DistillData.dataSeed): the transfer set must be part of
            // the teacher's sample, so repeats differ in initialisation and batch order only
            assertEquals(firstLoop.trainingSet().getFeatures(), otherLoop.trainingSet().getFeatures(),
                    kind + ": teacher and students keep one sample whatever their seeds");
        } else {
            assertNotEquals(firstLoop.trainingSet().getFeatures(), otherLoop.trainingSet().getFeatures(),
                    kind + ": another repeat trains on another sample");
        }
        assertArrayEquals(firstLoop.epochOrder(0), againLoop.epochOrder(0));
        assertFalse(Arrays.equals(firstLoop.epochOrder(0), otherLoop.epochOrder(0)), kind + ": another repeat orders its batches otherwise");

        Recorder firstRun = new Recorder();
        Recorder againRun = new Recorder();
        Recorder otherRun = new Recorder();
        WorkResult firstResult = stage(kind, 11).run(firstRun);
        WorkResult againResult = stage(kind, 11).run(againRun);
        WorkResult otherResult = stage(kind, 12).run(otherRun);
        String role = firstResult.artifacts().keySet().iterator().next();
        assertEquals(firstRun.epochs, againRun.epochs, kind + ": the same seed reproduces every epoch's metrics");
        assertEquals(firstResult.testMetrics(), againResult.testMetrics());
        assertEquals(published(firstResult, role).params(), published(againResult, role).params(),
                kind + ": the same seed reproduces the trained weights exactly");
        assertNotEquals(published(firstResult, role).params(), published(otherResult, role).params());
        assertNotEquals(firstRun.epochs, otherRun.epochs, kind + ": two repeats report different curves");
    }

    private static ComputationGraph published(WorkResult result, String role) throws Exception {
        return Checkpoints.load(artifacts, result.artifacts().get(role));
    }
}
