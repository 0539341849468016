package org.transferlab.orchestrator.experiment.plan;

import org.transferlab.protocol.view.TrialStatus;

/** Artifact roles of the stage contract with the workers (inputs and outputs of a WorkItem). */
public final class Roles {

    public static final String BODY = "body";
    public static final String MODEL = "model";
    public static final String CHECKPOINT = "checkpoint";
    public static final String SCOUT = "scout";
    public static final String GUIDE = "guide";
    public static final String GUIDE_SUMMARY = "guide-summary";
    public static final String TEACHER = "teacher";

    private Roles() {}

    /** The input role of scout {@code i} for the guide stage. */
    public static String scout(int i) {
        return "scout-" + i;
    }

    /** Why the experiment stops when a stage it depends on ended without its artifact. */
    static String missing(String stage, String role, TrialRecord t) {
        return t.status() == TrialStatus.COMPLETED
                ? "the " + stage + " stage finished without publishing a '" + role + "' artifact"
                : "the " + stage + " stage ended " + t.status().name().toLowerCase() + " without a '" + role
                        + "' artifact, which later stages need";
    }
}
