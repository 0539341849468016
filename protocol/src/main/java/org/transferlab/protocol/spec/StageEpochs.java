package org.transferlab.protocol.spec;

import java.util.Map;

/**
 * How many epochs a trial of a stage is planned to train, from the same settings the stage runs
 * with: a trial's own {@code epochs} parameter first, else its stage's setting in the spec
 * ({@code pretrain.epochs}, {@code gtl.scoutEpochs}, {@code distill.teacherEpochs}, and
 * {@code train.epochs} for the sweeps and their baselines). The guide stage trains nothing: it
 * averages the scouts' weight changes, so it has no epochs. Progress displays divide by this.
 */
public final class StageEpochs {

    private StageEpochs() {}

    /** The planned epochs of a trial of {@code stage} (its wire name), or 0 for a stage that trains no epochs. */
    public static int planned(ExperimentSpec spec, String stage, Map<String, Object> params) {
        ExperimentSpec s = spec.withDefaults();
        if ("guide".equals(stage)) {
            return 0;
        }
        if (params != null && params.get("epochs") instanceof Number n) {
            return n.intValue();
        }
        return switch (stage) {
            case "pretrain" -> s.pretrain().epochs();
            case "scout" -> s.gtl().scoutEpochs();
            case "teacher" -> s.distill().teacherEpochs();
            default -> s.train().epochs();
        };
    }
}
