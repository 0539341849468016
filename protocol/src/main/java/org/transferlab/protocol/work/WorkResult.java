package org.transferlab.protocol.work;

import java.util.Map;

/**
 * What a finished unit of work returns: its final metrics, the artifacts it published (role →
 * artifact id) and whether it ended early because a stop was requested.
 */
public record WorkResult(Map<String, Double> finalMetrics, Map<String, String> artifacts, boolean stoppedEarly) {

    public WorkResult {
        finalMetrics = finalMetrics == null ? Map.of() : Map.copyOf(finalMetrics);
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    }
}
