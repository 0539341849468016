package org.transferlab.orchestrator;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests that each want a fresh {@link TestLab} (cluster, store and API on port 0, the default
 * settings) in their own temporary data directory: started before each test into {@link #lab} and
 * closed after it. Tests that need other settings, or restart the lab within one test, build their own;
 * tests that can share one lab across their class use {@link OnSharedTestLab}.
 */
public abstract class OnTestLab {

    @TempDir
    protected Path dataDir;
    protected TestLab lab;

    @BeforeEach
    protected void startLab() {
        lab = new TestLab(dataDir, Map.of());
    }

    @AfterEach
    protected void stopLab() {
        lab.close();
    }
}
