package org.transferlab.orchestrator.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.transferlab.orchestrator.events.EventLog;

/**
 * Counts the lab's events for {@code /metrics}: a running total and the rate over the last
 * {@link #WINDOW_SECONDS} whole seconds, from per-second buckets (no lock on the recording path).
 */
final class EventRate {

    static final int WINDOW_SECONDS = 10;

    private final AtomicLong total = new AtomicLong();
    private final AtomicLongArray counts = new AtomicLongArray(WINDOW_SECONDS + 1);
    private final AtomicLongArray seconds = new AtomicLongArray(WINDOW_SECONDS + 1);

    EventRate(EventLog events) {
        events.subscribe(null, e -> count(System.currentTimeMillis() / 1000));
    }

    void count(long second) {
        total.incrementAndGet();
        int slot = (int) (second % counts.length());
        if (seconds.get(slot) != second) {
            seconds.set(slot, second);
            counts.set(slot, 0);
        }
        counts.incrementAndGet(slot);
    }

    long total() {
        return total.get();
    }

    /** Events per second over the last whole seconds before {@code nowSecond}. */
    double perSecond(long nowSecond) {
        long sum = 0;
        for (int i = 0; i < counts.length(); i++) {
            long s = seconds.get(i);
            if (s < nowSecond && s >= nowSecond - WINDOW_SECONDS) {
                sum += counts.get(i);
            }
        }
        return sum / (double) WINDOW_SECONDS;
    }
}
