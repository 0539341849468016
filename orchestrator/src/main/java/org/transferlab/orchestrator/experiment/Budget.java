package org.transferlab.orchestrator.experiment;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Whether an experiment may start trials now: not while it is paused, and never again once its
 * wall-clock budget ({@code limits.wallClockSeconds}, 0 for none) is spent. Exists so that pause,
 * resume and the budget, which interact (paused time does not count, a pause stops the budget's
 * clock, a budget is never spent while paused), are decided in one small place. The running time
 * itself comes from the store's clock, so it survives restarts.
 */
final class Budget {

    private final long wallClockSeconds;
    private boolean paused;
    private boolean spent;

    Budget(long wallClockSeconds) {
        this.wallClockSeconds = wallClockSeconds;
    }

    long wallClockSeconds() {
        return wallClockSeconds;
    }

    boolean paused() {
        return paused;
    }

    boolean spent() {
        return spent;
    }

    /** Neither paused nor out of time: new trials may be queued and handed out. */
    boolean dispatching() {
        return !paused && !spent;
    }

    /** Pauses; false when already paused. */
    boolean pause() {
        if (paused) {
            return false;
        }
        paused = true;
        return true;
    }

    /** Resumes; false when not paused. */
    boolean resume() {
        if (!paused) {
            return false;
        }
        paused = false;
        return true;
    }

    /**
     * How long until the budget is spent, given the milliseconds the experiment has run (asked
     * only when there is a budget that can run out now); empty without a budget, while paused, or
     * once spent.
     */
    Optional<Duration> timeLeft(LongSupplier runningMillis) {
        if (wallClockSeconds <= 0 || paused || spent) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis(Math.max(0, wallClockSeconds * 1000 - runningMillis.getAsLong())));
    }

    /** The budget's time ran out: true the first time, unless paused (a late timer then changes nothing). */
    boolean spend() {
        if (spent || paused) {
            return false;
        }
        spent = true;
        return true;
    }
}
