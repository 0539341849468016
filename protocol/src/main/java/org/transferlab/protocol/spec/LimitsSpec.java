package org.transferlab.protocol.spec;

/**
 * Budgets of an experiment: wall-clock seconds (0 = none; when spent, running trials are stopped
 * and no new ones start) and how often a failed trial is retried before it counts as failed.
 */
public record LimitsSpec(Long wallClockSeconds, Integer maxRetries) {

    LimitsSpec withDefaults() {
        return new LimitsSpec(wallClockSeconds == null ? 0L : wallClockSeconds, maxRetries == null ? 1 : maxRetries);
    }
}
