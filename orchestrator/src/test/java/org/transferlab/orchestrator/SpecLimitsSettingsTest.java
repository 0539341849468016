package org.transferlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.ConfigFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.config.OrchestratorSettings;
import org.transferlab.protocol.spec.SpecLimits;

/** The spec limits come from reference.conf with the documented defaults, and each can be changed. */
class SpecLimitsSettingsTest {

    @Test
    void reference_conf_holds_the_documented_defaults() {
        SpecLimits limits = OrchestratorSettings.from(ConfigFactory.load()).specLimits();
        assertEquals(new SpecLimits(10_000, 100_000, 1000, 4096, 16, 8192, 1024, 20_000_000L, 1L << 30, 64, 60_000), limits);
    }

    @Test
    void a_limit_is_changed_by_its_key() {
        SpecLimits limits = OrchestratorSettings.from(ConfigFactory.parseMap(Map.of(
                "transferlab.orchestrator.spec-limits.max-grid-points", 50,
                "transferlab.orchestrator.spec-limits.max-trial-memory", "4g")).withFallback(ConfigFactory.load())).specLimits();
        assertEquals(50, limits.maxGridPoints());
        assertEquals(4L << 30, limits.maxTrialMemoryBytes());
        assertEquals(10_000, limits.maxTrials());
    }
}
