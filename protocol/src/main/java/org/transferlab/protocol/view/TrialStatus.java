package org.transferlab.protocol.view;

/** Lifecycle of a trial. STOPPED means a scheduler ended it early; it keeps its metrics. */
public enum TrialStatus {
    QUEUED, RUNNING, COMPLETED, STOPPED, FAILED, CANCELLED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING;
    }
}
