package org.transferlab.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.experiments.StageFixtures;
import org.transferlab.experiments.StageFixtures.Recorder;
import org.transferlab.experiments.checkpoint.DirectoryArtifactStore;
import org.transferlab.experiments.data.Dataset;
import org.transferlab.experiments.data.DatasetRegistry;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.WorkResult;

/**
 * No selection path can read the test split: every training stage, run once on digits and once on
 * the same digits with a test part nothing could learn from (labels shifted, features inverted),
 * reports the same metrics epoch by epoch and the same final (selection) metrics; only the
 * held-out test metrics, measured once at the end, see the difference. With validation drawn from
 * the test part, as before, the poisoned run's validation accuracy would collapse.
 */
class HeldOutTestSplitTest {

    @TempDir
    static Path dir;

    private static DirectoryArtifactStore artifacts;
    private static Dataset clean;
    private static Dataset poisoned;
    private static String body;

    @BeforeAll
    static void pretrainABody() throws Exception {
        artifacts = new DirectoryArtifactStore(dir.resolve("artifacts"));
        clean = new DatasetRegistry(dir.resolve("nothing-fetched")).get("digits");
        poisoned = StageFixtures.withPoisonedTest(clean);
        WorkResult pretrained = StageFixtures.stage(StageFixtures.work(StageKind.PRETRAIN, 5, null), clean, artifacts)
                .run(new Recorder());
        body = pretrained.artifacts().get(ArtifactRole.BODY.key());
    }

    @ParameterizedTest
    @EnumSource(value = StageKind.class, names = {"PRETRAIN", "FINETUNE", "SCOUT", "TEACHER", "STUDENT"})
    void selection_metrics_are_the_same_whatever_the_test_split_holds(StageKind kind) throws Exception {
        Recorder onClean = new Recorder();
        Recorder onPoisoned = new Recorder();
        WorkResult cleanResult = StageFixtures.stage(StageFixtures.work(kind, 9, body), clean, artifacts).run(onClean);
        WorkResult poisonedResult = StageFixtures.stage(StageFixtures.work(kind, 9, body), poisoned, artifacts).run(onPoisoned);

        assertFalse(onClean.epochs.isEmpty());
        assertEquals(onClean.epochs, onPoisoned.epochs, kind + ": per-epoch metrics (what schedulers read) moved with the test split");
        assertEquals(cleanResult.finalMetrics(), poisonedResult.finalMetrics(), kind + ": final metrics (the objective) moved with the test split");
        for (Map<String, Double> epoch : onClean.epochs) {
            assertTrue(epoch.keySet().stream().noneMatch(WorkResult::isTestMetric), "an epoch reported a test metric: " + epoch);
        }
        assertTrue(cleanResult.finalMetrics().keySet().stream().noneMatch(WorkResult::isTestMetric), cleanResult.finalMetrics().toString());

        double cleanTest = cleanResult.testMetrics().get(Metrics.TEST_ACCURACY);
        double poisonedTest = poisonedResult.testMetrics().get(Metrics.TEST_ACCURACY);
        assertTrue(cleanResult.testMetrics().containsKey(Metrics.TEST_LOSS), cleanResult.testMetrics().toString());
        assertTrue(poisonedTest < cleanTest - 0.2, kind + ": the test metrics come from the test split: clean " + cleanTest
                + ", poisoned " + poisonedTest);
    }
}
