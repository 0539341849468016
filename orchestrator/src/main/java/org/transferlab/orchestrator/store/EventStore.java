package org.transferlab.orchestrator.store;

import com.fasterxml.jackson.core.type.TypeReference;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.LabEvent;

/**
 * The {@code events} table: the lab's event log, numbered by the database in the order events are
 * recorded, so a client that saw sequence number n replays exactly what came after it.
 */
public final class EventStore {

    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {};

    private final Database db;

    public EventStore(Database db) {
        this.db = db;
    }

    /** Appends an event and returns it with its sequence number. */
    public LabEvent append(LabEvent event) {
        return db.run(sql -> insert(sql, event));
    }

    /** Events after {@code afterSeq}, oldest first; all experiments when {@code experimentId} is null. */
    public List<LabEvent> after(String experimentId, long afterSeq, int limit) {
        String sql = "SELECT seq, experiment_id, trial_id, type, at_ms, message, epoch, metrics_json FROM events WHERE seq > ?"
                + (experimentId == null ? "" : " AND experiment_id = ?") + " ORDER BY seq LIMIT " + limit;
        Object[] params = experimentId == null ? new Object[] {afterSeq} : new Object[] {afterSeq, experimentId};
        return db.list(sql, EventStore::event, params);
    }

    /** Inserts an event inside a transaction that records more (a batch of results); returns it numbered. */
    static LabEvent insert(Sql sql, LabEvent event) throws SQLException {
        long seq = sql.insertReturningKey("""
                INSERT INTO events (experiment_id, trial_id, type, at_ms, message, epoch, metrics_json)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                event.experimentId(), event.trialId(), event.kind().wire(), event.time(), event.message(), event.epoch(),
                event.metrics() == null ? null : Json.write(event.metrics()));
        return new LabEvent(seq, event.experimentId(), event.trialId(), event.kind(), event.time(),
                event.message(), event.epoch(), event.metrics());
    }

    private static LabEvent event(ResultSet rs) throws SQLException {
        return new LabEvent(rs.getLong("seq"), rs.getString("experiment_id"), rs.getString("trial_id"), LabEvent.Kind.of(rs.getString("type")),
                rs.getLong("at_ms"), rs.getString("message"), Sql.nullableInt(rs, "epoch"), Sql.json(rs, "metrics_json", METRICS));
    }
}
