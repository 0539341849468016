package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool's two promises. A closed store answers at once with an error: an actor that asks it
 * during shutdown (the supervisor restoring experiments as the cluster singleton starts late) must
 * not block its thread for good, which once kept a test's actor system from stopping. And a
 * connection that broke is not handed out again: the next call gets a working one.
 */
class DatabaseCloseTest {

    @Test
    void a_closed_store_refuses_at_once_instead_of_waiting_for_a_connection(@TempDir Path dataDir) {
        Database db = TestStores.open("", 1, dataDir);
        assertEquals(1, db.first("SELECT 1 AS one", rs -> rs.getInt("one")).orElseThrow());
        db.close();

        StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(StoreException.class, () -> db.first("SELECT 1 AS one", rs -> rs.getInt("one"))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }

    @Test
    void a_connection_that_broke_is_not_handed_out_again(@TempDir Path dataDir) {
        try (Database db = TestStores.open("", 1, dataDir)) {
            // The pool's only connection dies under a statement, as when the database goes away mid-call.
            StoreException e = assertThrows(StoreException.class, () -> db.withConnection(c -> {
                c.unwrap(Connection.class).close();
                return c.createStatement().execute("SELECT 1");
            }));
            assertTrue(e.getMessage().startsWith("store error"), e.getMessage());

            assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertEquals(1, db.first("SELECT 1 AS one", rs -> rs.getInt("one")).orElseThrow()));
            assertTrue(db.health().available(), db.health().problem());
        }
    }

    @Test
    void a_store_that_cannot_be_reached_fails_to_open_naming_it(@TempDir Path dataDir) {
        StoreException e = assertThrows(StoreException.class,
                () -> TestStores.open("jdbc:postgresql://127.0.0.1:1/tlab", 1, dataDir));
        assertTrue(e.getMessage().startsWith("cannot open the store at jdbc:postgresql://127.0.0.1:1/tlab"), e.getMessage());
    }
}
