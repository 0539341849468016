package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialStage;

/**
 * A stage that runs as one trial and hands one artifact to later stages: pretrain → {@code body},
 * teacher → {@code teacher}, guide → {@code guide}. An artifact the spec already names skips it.
 * Where several stages of one kind run (the teachers of a spec that lists them), each has its own
 * parameters ({@code teacher: 2}) and owns only the trials that carry them.
 */
final class SingleStage {

    private final TrialStage stage;
    private final ArtifactRole role;
    private final String label;
    private final Map<String, Object> params;
    private String artifact;
    private boolean queued;

    SingleStage(TrialStage stage, ArtifactRole role, String label, String given) {
        this(stage, role, label, given, Map.of());
    }

    /** @param params the stage's own trial parameters, which tell its trial from others of the same stage */
    SingleStage(TrialStage stage, ArtifactRole role, String label, String given, Map<String, Object> params) {
        this.stage = stage;
        this.role = role;
        this.label = label;
        this.artifact = given;
        this.params = Map.copyOf(params);
    }

    boolean done() {
        return artifact != null;
    }

    String artifact() {
        return artifact;
    }

    /** The stage's trial the first time it is asked for, nothing afterwards. */
    List<TrialRequest> request(Map<String, String> inputs) {
        if (queued) {
            return List.of();
        }
        queued = true;
        return List.of(new TrialRequest(stage, params, inputs, null));
    }

    /** Its stage's trial with its parameters (numbers compared by value: a restored 2 may read back as 2.0). */
    boolean owns(TrialRecord t) {
        return t.stage() == stage && params.entrySet().stream().allMatch(e -> same(e.getValue(), t.params().get(e.getKey())));
    }

    private static boolean same(Object mine, Object recorded) {
        return mine instanceof Number a && recorded instanceof Number b ? a.doubleValue() == b.doubleValue() : mine.equals(recorded);
    }

    /** Takes the finished trial's artifact; an error naming the stage if it published none. */
    Optional<String> onEnded(TrialRecord t) {
        artifact = t.outputs().get(role.key());
        return artifact == null ? Optional.of(missing(label, role, t)) : Optional.empty();
    }

    void restore(TrialRecord t) {
        queued = true;
        if (t.status().terminal()) {
            artifact = t.outputs().get(role.key());
        }
    }

    /** Why the experiment stops when a stage it depends on ended without its artifact. */
    static String missing(String stage, ArtifactRole role, TrialRecord t) {
        return t.status() == TrialStatus.COMPLETED
                ? "the " + stage + " stage finished without publishing a '" + role.key() + "' artifact"
                : "the " + stage + " stage ended " + t.status().name().toLowerCase() + " without a '" + role.key()
                        + "' artifact, which later stages need";
    }
}
