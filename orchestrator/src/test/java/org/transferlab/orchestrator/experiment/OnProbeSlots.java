package org.transferlab.orchestrator.experiment;

import org.junit.jupiter.api.BeforeEach;
import org.transferlab.orchestrator.OnTestLab;

/**
 * Flow tests that play the worker slots themselves ({@link ProbeSlots}) against a real orchestrator:
 * each test gets a fresh lab ({@link OnTestLab}) and probe slots for it.
 */
abstract class OnProbeSlots extends OnTestLab {

    ProbeSlots slots;

    @BeforeEach
    void startSlots() {
        slots = new ProbeSlots(lab);
    }
}
