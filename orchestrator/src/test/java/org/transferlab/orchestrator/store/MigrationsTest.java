package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flyway's side of a store's life: a new store gets every version once; one from a newer build is refused. */
class MigrationsTest {

    @Test
    void a_new_store_runs_every_migration_once_and_a_reopen_runs_none(@TempDir Path dataDir) {
        List<String> expected = List.of("1:SQL", "2:SQL", "3:SQL", "4:SQL", "4.1:JDBC", "5:SQL", "6:SQL", "7.14:SQL", "7.16:SQL");
        try (Database db = TestStores.open("", 1, dataDir)) {
            assertEquals(expected, applied(db));
        }
        try (Database db = TestStores.open("", 1, dataDir)) {
            assertEquals(expected, applied(db));
        }
    }

    @Test
    void a_store_a_newer_build_migrated_is_refused_with_what_to_do(@TempDir Path dataDir) {
        try (Database db = TestStores.open("", 1, dataDir)) {
            db.update("""
                    INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, installed_by,
                        installed_on, execution_time, success) VALUES (100, '8', 'from the future', 'SQL', 'V8__from_the_future.sql',
                        0, 'sa', CURRENT_TIMESTAMP, 1, TRUE)""");
        }
        StoreException e = assertThrows(StoreException.class, () -> TestStores.open("", 1, dataDir));
        assertTrue(e.getMessage().contains("schema version 8 but this build knows only up to 7.16") && e.getMessage().contains("use a newer TransferLab"),
                e.getMessage());
    }

    private static List<String> applied(Database db) {
        return db.list("SELECT version, type FROM flyway_schema_history WHERE version IS NOT NULL AND success ORDER BY installed_rank",
                rs -> rs.getString("version") + ":" + rs.getString("type"));
    }
}
