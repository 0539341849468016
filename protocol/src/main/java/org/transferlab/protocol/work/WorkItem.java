package org.transferlab.protocol.work;

import java.util.Map;
import java.util.Optional;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * One unit of work for a slot: the stage to run and its resolved {@link TrialConfig}. {@code inputs}
 * maps artifact role keys ({@link ArtifactRole#key()}) to artifact ids the worker fetches from
 * {@code artifactBaseUrl}; {@code resumeFrom} names a checkpoint
 * artifact to continue from, or is null for a fresh start. Large payloads never travel here.
 *
 * @param workId unique per attempt of a trial or stage
 * @param trialId the trial this work belongs to (stages are recorded as trials too)
 * @param uploadGrant the bearer secret that lets this work, and only it, publish artifacts into its
 *     experiment while it runs; set by the orchestrator when it assigns the work to a slot, null before
 */
public record WorkItem(
        String workId,
        String experimentId,
        String trialId,
        StageKind stage,
        ExperimentSpec spec,
        TrialConfig config,
        Map<String, String> inputs,
        String resumeFrom,
        String artifactBaseUrl,
        String uploadGrant) {

    public WorkItem {
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    /** Work not yet assigned to a slot: no upload grant. */
    public WorkItem(String workId, String experimentId, String trialId, StageKind stage, ExperimentSpec spec,
            TrialConfig config, Map<String, String> inputs, String resumeFrom, String artifactBaseUrl) {
        this(workId, experimentId, trialId, stage, spec, config, inputs, resumeFrom, artifactBaseUrl, null);
    }

    /** The same work carrying the upload grant of its assignment. */
    public WorkItem withUploadGrant(String grant) {
        return new WorkItem(workId, experimentId, trialId, stage, spec, config, inputs, resumeFrom, artifactBaseUrl, grant);
    }

    @Override
    public String toString() {
        // the grant is a secret: keep it out of logs
        return "WorkItem[workId=" + workId + ", experimentId=" + experimentId + ", trialId=" + trialId + ", stage=" + stage
                + ", config=" + config + ", inputs=" + inputs + ", resumeFrom=" + resumeFrom + "]";
    }

    /** The artifact id of input {@code role}, if the work names one. */
    public Optional<String> input(ArtifactRole role) {
        return Optional.ofNullable(inputs.get(role.key()));
    }
}
