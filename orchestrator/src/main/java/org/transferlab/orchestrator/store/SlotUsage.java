package org.transferlab.orchestrator.store;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How busy each slot was over a recent window, read from the trials table: the time between each
 * trial's start and end (or now, while it runs) that falls inside the window, per slot. The slot of
 * a trial is what it was last assigned to, so a trial that moved after a failure counts once, on its
 * last slot.
 */
public final class SlotUsage {

    private final Database db;

    public SlotUsage(Database db) {
        this.db = db;
    }

    /** Busy milliseconds per slot id within {@code [now - window, now]}. */
    public Map<String, Long> busyMillis(Duration window, Instant now) {
        Instant since = now.minus(window);
        List<Run> runs = db.list("""
                SELECT slot, started_at, finished_at, status FROM trials
                WHERE slot IS NOT NULL AND started_at IS NOT NULL
                  AND (finished_at IS NULL OR finished_at >= ?)""",
                rs -> new Run(rs.getString("slot"), Sql.instant(rs, "started_at"), Sql.instant(rs, "finished_at"),
                        rs.getString("status")), since);
        Map<String, Long> busy = new HashMap<>();
        for (Run run : runs) {
            if (run.finished() == null && !"RUNNING".equals(run.status())) {
                continue; // queued again after losing its slot
            }
            Instant start = max(run.started(), since);
            Instant end = run.finished() == null ? now : min(run.finished(), now);
            long ms = Duration.between(start, end).toMillis();
            if (ms > 0) {
                busy.merge(slotId(run.slot()), ms, Long::sum);
            }
        }
        return busy;
    }

    /** One trial's time on its last slot, as the trials table records it. */
    private record Run(String slot, Instant started, Instant finished, String status) {}

    /** Trials record their slot as {@code "slotId (device)"}; the id is what the cluster view uses. */
    static String slotId(String recorded) {
        int paren = recorded.indexOf(" (");
        return paren < 0 ? recorded : recorded.substring(0, paren);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
