package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A closed store answers at once with an error: an actor that asks it during shutdown (the
 * supervisor restoring experiments as the cluster singleton starts late) must not block its
 * thread for good, which once kept a test's actor system from stopping.
 */
class DatabaseCloseTest {

    @Test
    void a_closed_store_refuses_at_once_instead_of_waiting_for_a_connection(@TempDir Path dataDir) {
        Database db = Database.open("", "tlab", "", 1, dataDir);
        db.withConnection(c -> c.createStatement().execute("SELECT 1"));
        db.close();

        StoreException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertThrows(StoreException.class, () -> db.withConnection(c -> c.createStatement().execute("SELECT 1"))));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
    }
}
