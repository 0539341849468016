package org.transferlab.protocol.work;

import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;

/**
 * One unit of work for a slot. {@code inputs} maps artifact roles (e.g. {@code body}) to artifact
 * ids the worker fetches from {@code artifactBaseUrl}; {@code resumeFrom} names a checkpoint
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
        Map<String, Object> params,
        Map<String, String> inputs,
        String resumeFrom,
        String artifactBaseUrl,
        String uploadGrant) {

    public WorkItem {
        params = params == null ? Map.of() : Map.copyOf(params);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
    }

    /** Work not yet assigned to a slot: no upload grant. */
    public WorkItem(String workId, String experimentId, String trialId, StageKind stage, ExperimentSpec spec,
            Map<String, Object> params, Map<String, String> inputs, String resumeFrom, String artifactBaseUrl) {
        this(workId, experimentId, trialId, stage, spec, params, inputs, resumeFrom, artifactBaseUrl, null);
    }

    /** The same work carrying the upload grant of its assignment. */
    public WorkItem withUploadGrant(String grant) {
        return new WorkItem(workId, experimentId, trialId, stage, spec, params, inputs, resumeFrom, artifactBaseUrl, grant);
    }

    @Override
    public String toString() {
        // the grant is a secret: keep it out of logs
        return "WorkItem[workId=" + workId + ", experimentId=" + experimentId + ", trialId=" + trialId + ", stage=" + stage
                + ", params=" + params + ", inputs=" + inputs + ", resumeFrom=" + resumeFrom + "]";
    }

    public double doubleParam(String name, double fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? n.doubleValue() : fallback;
    }

    public int intParam(String name, int fallback) {
        Object v = params.get(name);
        return v instanceof Number n ? (int) Math.round(n.doubleValue()) : fallback;
    }
}
