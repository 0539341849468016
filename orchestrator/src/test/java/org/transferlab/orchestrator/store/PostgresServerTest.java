package org.transferlab.orchestrator.store;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

class PostgresServerTest {

    @Test
    void missing_postgresql_fails_under_ci_and_skips_with_its_reason_elsewhere() {
        IllegalStateException failed = assertThrows(IllegalStateException.class,
                () -> PostgresServer.requireOrSkip(false, "initdb not found", "true"));
        assertTrue(failed.getMessage().contains("CI=true and the PostgreSQL tests cannot run: initdb not found"), failed.getMessage());
        assertThrows(TestAbortedException.class, () -> PostgresServer.requireOrSkip(false, "initdb not found", "false"));
    }
}
