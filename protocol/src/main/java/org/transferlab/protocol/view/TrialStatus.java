package org.transferlab.protocol.view;

/**
 * Lifecycle of a trial. STOPPED means it was ended early (by the scheduler, a request or a limit);
 * it keeps its metrics. PAUSED means its experiment was paused after it had started: it continues
 * from its last checkpoint on resume.
 */
public enum TrialStatus {
    QUEUED, RUNNING, COMPLETED, STOPPED, FAILED, CANCELLED, PAUSED;

    public boolean terminal() {
        return this != QUEUED && this != RUNNING && this != PAUSED;
    }
}
