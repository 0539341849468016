package org.transferlab.orchestrator.experiment;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;

/**
 * Flow tests that play the worker slots themselves ({@link ProbeSlots}) against a real orchestrator:
 * each test gets a fresh {@link TestLab} (cluster, store and API on port 0) in its own temporary
 * data directory, closed after it. Tests that restart the lab within one test build their own.
 */
abstract class OnProbeSlots {

    @TempDir
    Path dataDir;
    TestLab lab;
    ProbeSlots slots;

    @BeforeEach
    void startLab() {
        lab = new TestLab(dataDir, Map.of());
        slots = new ProbeSlots(lab);
    }

    @AfterEach
    void stopLab() {
        lab.close();
    }
}
