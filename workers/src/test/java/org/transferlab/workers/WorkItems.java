package org.transferlab.workers;

import java.nio.file.Path;
import java.util.Map;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.protocol.spec.DataSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;
import org.transferlab.workers.run.ArtifactStoreFactory;

/** Work items for tests: synthetic trials with a known curve, and fine-tunes that cannot run. */
public final class WorkItems {

    private WorkItems() {}

    public static ExperimentSpec syntheticSpec() {
        return SpecCodec.parse("""
                name: synthetic-test
                kind: synthetic
                seed: 7
                search:
                  algorithm: random
                  trials: 4
                  maxConcurrent: 2
                  space:
                    x: {type: uniform, min: -1.0, max: 1.0}
                    y: {type: choice, values: [-0.2, 0.5]}
                """);
    }

    public static WorkItem synthetic(String workId, int epochs, int sleepMs) {
        ExperimentSpec spec = syntheticSpec();
        TrialConfig config = TrialConfig.resolve(spec, TrialStage.SYNTHETIC,
                Map.of("x", 0.3, "y", -0.2, "epochs", epochs, "sleepMs", sleepMs), 7);
        return new WorkItem(workId, "exp-1", "trial-" + workId, StageKind.SYNTHETIC, spec, config, Map.of(), null, null);
    }

    /** A fine-tune that names no pretrained body: the experiments module must refuse it. */
    public static WorkItem finetuneWithoutBody(String workId) {
        ExperimentSpec spec = SpecCodec.parse("name: finetune-test\nkind: finetune\nseed: 7\n");
        return new WorkItem(workId, "exp-2", "trial-" + workId, StageKind.FINETUNE, spec,
                TrialConfig.resolve(spec, TrialStage.FINETUNE, Map.of("epochs", 1), 7), Map.of(), null, null);
    }

    /** For work that touches no artifact: any use fails the test's work with a clear message. */
    public static ArtifactStoreFactory noArtifacts() {
        return work -> new ArtifactStore() {
            @Override
            public Path fetch(String artifactId) {
                throw new UnsupportedOperationException("no artifacts in this test: " + artifactId);
            }

            @Override
            public String publish(String experimentId, ArtifactRole role, Path file) {
                throw new UnsupportedOperationException("no artifacts in this test: " + role);
            }
        };
    }
}
