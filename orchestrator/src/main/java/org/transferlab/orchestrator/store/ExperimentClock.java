package org.transferlab.orchestrator.store;

import java.time.Instant;

/**
 * An experiment's clock for its wall-clock budget: when it was created, how long it was paused in
 * finished pauses, and since when it is paused now (null when running).
 */
public record ExperimentClock(Instant createdAt, long pausedMs, Instant pausedAt) {

    /** Milliseconds the experiment has been running (not paused) at {@code now}. */
    public long runningMillis(Instant now) {
        long paused = pausedMs + (pausedAt == null ? 0 : Math.max(0, now.toEpochMilli() - pausedAt.toEpochMilli()));
        return Math.max(0, now.toEpochMilli() - createdAt.toEpochMilli() - paused);
    }
}
