package org.transferlab.orchestrator.schedule;

/** A scheduler's verdict on one reported result, with the reason shown to users. */
public record TrialDecision(boolean stop, String reason) {

    public static final TrialDecision CONTINUE = new TrialDecision(false, "continue");

    public static TrialDecision stop(String reason) {
        return new TrialDecision(true, reason);
    }

    /** Continue, saying why (e.g. a promotion past an ASHA rung). */
    public static TrialDecision proceed(String reason) {
        return new TrialDecision(false, reason);
    }
}
