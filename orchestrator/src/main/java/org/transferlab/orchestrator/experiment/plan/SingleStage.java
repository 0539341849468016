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
 */
final class SingleStage {

    private final TrialStage stage;
    private final ArtifactRole role;
    private final String label;
    private String artifact;
    private boolean queued;

    SingleStage(TrialStage stage, ArtifactRole role, String label, String given) {
        this.stage = stage;
        this.role = role;
        this.label = label;
        this.artifact = given;
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
        return List.of(new TrialRequest(stage, Map.of(), inputs, null));
    }

    boolean owns(TrialRecord t) {
        return t.stage() == stage;
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
