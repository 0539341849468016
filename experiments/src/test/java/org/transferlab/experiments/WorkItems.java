package org.transferlab.experiments;

import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;

/**
 * Work items as the orchestrator would hand them to a slot, for tests that run stages directly: the
 * trial configuration is resolved from the spec and params the same way ({@link TrialConfig#resolve}).
 */
public final class WorkItems {

    private WorkItems() {}

    public static WorkItem work(String workId, String experimentId, String trialId, StageKind kind, ExperimentSpec spec,
            Map<String, Object> params, Map<String, String> inputs, String resumeFrom) {
        return work(workId, experimentId, trialId, kind, spec, params, inputs, resumeFrom, spec.withDefaults().seed());
    }

    /** A work item whose trial seed is {@code seed} (a repeat's), not the experiment's. */
    public static WorkItem work(String workId, String experimentId, String trialId, StageKind kind, ExperimentSpec spec,
            Map<String, Object> params, Map<String, String> inputs, String resumeFrom, long seed) {
        TrialConfig config = TrialConfig.resolve(spec, stage(kind, inputs), params, seed);
        return new WorkItem(workId, experimentId, trialId, kind, spec, config, inputs, resumeFrom, null);
    }

    /** The trial stage that hands out this kind of work with these inputs. */
    static TrialStage stage(StageKind kind, Map<String, String> inputs) {
        return switch (kind) {
            case PRETRAIN -> TrialStage.PRETRAIN;
            case FINETUNE -> inputs.containsKey(ArtifactRole.GUIDE.key()) ? TrialStage.GUIDED : TrialStage.FINETUNE;
            case SCRATCH_FINETUNE -> TrialStage.FROM_SCRATCH;
            case SYNTHETIC -> TrialStage.SYNTHETIC;
            case SCOUT -> TrialStage.SCOUT;
            case GUIDE -> TrialStage.GUIDE;
            case TEACHER -> TrialStage.TEACHER;
            case TRANSFERABILITY -> TrialStage.TRANSFERABILITY;
            case STUDENT -> inputs.containsKey(ArtifactRole.TEACHER.key()) ? TrialStage.STUDENT : TrialStage.SCRATCH;
        };
    }
}
