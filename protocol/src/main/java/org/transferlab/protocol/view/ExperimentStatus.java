package org.transferlab.protocol.view;

/**
 * Lifecycle of an experiment. COMPLETED, FAILED and CANCELLED are final; PAUSED dispatches nothing
 * until it is resumed.
 */
public enum ExperimentStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, PAUSED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
