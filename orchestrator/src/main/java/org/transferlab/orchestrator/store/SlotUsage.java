package org.transferlab.orchestrator.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
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
        return db.withConnection(c -> {
            Map<String, Long> busy = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT slot, started_at, finished_at, status FROM trials
                    WHERE slot IS NOT NULL AND started_at IS NOT NULL
                      AND (finished_at IS NULL OR finished_at >= ?)""")) {
                ps.setTimestamp(1, Timestamp.from(since));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Timestamp finished = rs.getTimestamp(3);
                        if (finished == null && !"RUNNING".equals(rs.getString(4))) {
                            continue; // queued again after losing its slot
                        }
                        Instant start = max(rs.getTimestamp(2).toInstant(), since);
                        Instant end = finished == null ? now : min(finished.toInstant(), now);
                        long ms = Duration.between(start, end).toMillis();
                        if (ms > 0) {
                            busy.merge(slotId(rs.getString(1)), ms, Long::sum);
                        }
                    }
                }
            }
            return busy;
        });
    }

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
