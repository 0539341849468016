package org.transferlab.protocol.view;

/** Lifecycle of an experiment. COMPLETED, FAILED and CANCELLED are final. */
public enum ExperimentStatus {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    public boolean terminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
