package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.MetricPoint;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.TrialStage;

/**
 * A data directory (or PostgreSQL database) written by a build before Flyway, with TransferLab's
 * own {@code schema_version} bookkeeping at version 5, opens with the current code: Flyway adopts
 * it with a baseline at 5 instead of running V1 on tables that exist, every row is still there and
 * the store takes writes; opening it again changes nothing. A store from a newer build is refused.
 */
class LegacyStoreAdoptionTest extends OnBothDatabases {

    /** A new database of this backend that the old migrator brought to version 5, with these rows written as old builds did. */
    private StoreSettings oldStoreAt5(Backend backend, String... rows) throws Exception {
        StoreSettings settings = TestStores.settings(newDatabase(backend), 1, dataDir);
        LegacyStore.create(settings, 5);
        LegacyStore.execute(settings, rows);
        return settings;
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_store_migrated_by_the_old_migrator_opens_with_its_data_intact(Backend backend) throws Exception {
        StoreSettings settings = oldStoreAt5(backend,
                """
                        INSERT INTO experiments (id, name, kind, status, spec_yaml, objective_metric, objective_mode, planned_trials,
                            created_at, paused_ms) VALUES ('exp-1', 'old', 'synthetic', 'RUNNING', 'name: old', 'val_accuracy', 'max', 2,
                            TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:05+00', 1500)""",
                """
                        INSERT INTO trials (id, experiment_id, number, stage, status, params_json, epochs, last_metrics_json, objective,
                            checkpoint, attempts, failures, lost, outputs_json) VALUES ('exp-1-t1', 'exp-1', 1, 'synthetic', 'COMPLETED',
                            '{"x":0.5}', 2, '{"val_accuracy":0.75}', 0.75, 'art-1', 3, 2, 1, '{"model":"art-1"}')""",
                "INSERT INTO metrics (trial_id, step, name, metric_value, at_ms) VALUES ('exp-1-t1', 1, 'val_accuracy', 0.5, 100)",
                "INSERT INTO metrics (trial_id, step, name, metric_value, at_ms) VALUES ('exp-1-t1', 2, 'val_accuracy', 0.75, 200)",
                "INSERT INTO events (experiment_id, trial_id, type, at_ms, message) VALUES ('exp-1', NULL, 'experiment.started', 50, 'go')",
                """
                        INSERT INTO artifacts (id, experiment_id, role, sha256, size_bytes, created_at) VALUES ('art-1', 'exp-1', 'model',
                            '""" + "c".repeat(64) + "', 42, TIMESTAMP WITH TIME ZONE '2026-01-02 03:04:06+00')",
                "INSERT INTO api_tokens (id, name, role, token_hash, created_at, local_admin) VALUES ('tok-0123456789ab', 'bob', "
                        + "'read', '" + "d".repeat(64) + "', CURRENT_TIMESTAMP, FALSE)");

        db = Database.open(settings);
        assertIntact(new LabStore(db));
        assertEquals(List.of("5:BASELINE", "6:SQL", "7.14:SQL", "7.16:SQL"), history(db), "adopted at 5; no script up to it ran again, the newer 6, 7.14 and 7.16 did");

        LabStore store = new LabStore(db);
        store.trials().insert("exp-1-t2", "exp-1", 2, TrialStage.SYNTHETIC, Map.of("x", 0.25), null, Map.of());
        assertEquals(2, store.trials().ofExperiment("exp-1").size());
        assertTrue(db.health().available(), db.health().problem());
        db.close();

        db = Database.open(settings);
        assertIntact(new LabStore(db));
        assertEquals(List.of("5:BASELINE", "6:SQL", "7.14:SQL", "7.16:SQL"), history(db), "a second open finds the Flyway history and adopts nothing");
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void a_store_from_a_newer_build_is_refused_with_what_to_do(Backend backend) throws Exception {
        StoreSettings settings = oldStoreAt5(backend, "INSERT INTO schema_version (version, applied_at) VALUES (8, 0)");
        StoreException e = assertThrows(StoreException.class, () -> Database.open(settings));
        assertTrue(e.getMessage().contains("schema version 8") && e.getMessage().contains("use a newer TransferLab"), e.getMessage());
    }

    private static void assertIntact(LabStore store) {
        ExperimentView experiment = store.experiments().find("exp-1").orElseThrow();
        assertEquals("old", experiment.name());
        assertEquals("exp-1-t1", experiment.bestTrialId());
        assertEquals(0.75, experiment.bestValue());
        assertEquals(1500, store.experiments().clock("exp-1").pausedMs());
        TrialView trial = store.trials().find("exp-1-t1").orElseThrow();
        assertEquals(TrialStatus.COMPLETED, trial.status());
        assertEquals(0.5, ((Number) trial.params().get("x")).doubleValue());
        assertEquals(Map.of("model", "art-1"), trial.outputs());
        assertEquals(3, trial.attempts());
        assertEquals(2, TestStores.failures(store.database(), "exp-1-t1"));
        assertEquals(List.of(new MetricPoint("exp-1-t1", 1, "val_accuracy", 0.5, 100), new MetricPoint("exp-1-t1", 2, "val_accuracy", 0.75, 200)),
                store.metrics().ofTrial("exp-1-t1"));
        List<LabEvent> events = store.events().after("exp-1", 0, 10);
        assertEquals(1, events.size());
        assertEquals("go", events.getFirst().message());
        assertEquals(42, store.artifacts().find("art-1").orElseThrow().size());
        assertEquals("tok-0123456789ab", new TokenStore(store.database()).all().getFirst().id(), "an id of the random form is kept");
    }

    private static List<String> history(Database db) {
        // H2's history also has a row for the table's own creation (type TABLE, no version)
        return db.list("SELECT version, type FROM flyway_schema_history WHERE version IS NOT NULL ORDER BY installed_rank",
                rs -> rs.getString("version") + ":" + rs.getString("type"));
    }
}
