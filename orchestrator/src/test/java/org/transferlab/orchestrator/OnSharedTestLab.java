package org.transferlab.orchestrator;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests whose class shares one {@link TestLab} (cluster, store and API on port 0): started before
 * the class's first test into {@link #lab}, in a temporary data directory of the class, with the
 * class's {@link #settings()}, and closed after its last test. The per-class sibling of
 * {@link OnTestLab}, for tests that do not disturb each other, so the class pays for one lab start.
 *
 * <p>One test instance serves the whole class ({@link TestInstance.Lifecycle#PER_CLASS}), so that
 * the set-up can ask the subclass for its settings: a subclass's instance fields are the class's
 * fixture, shared by its tests like the static fields they replace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class OnSharedTestLab {

    protected TestLab lab;

    /** Settings over the test defaults for this class's lab; none unless a subclass says otherwise. */
    protected Map<String, Object> settings() {
        return Map.of();
    }

    // A @TempDir parameter, not a field: JUnit injects instance fields before each test, after @BeforeAll.
    @BeforeAll
    protected void startSharedLab(@TempDir Path dataDir) {
        lab = new TestLab(dataDir, settings());
    }

    @AfterAll
    protected void stopSharedLab() {
        if (lab != null) {
            lab.close();
        }
    }
}
