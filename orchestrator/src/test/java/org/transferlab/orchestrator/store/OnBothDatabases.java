package org.transferlab.orchestrator.store;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store tests that run on both databases the store supports, as {@code @ParameterizedTest
 * @EnumSource(Backend.class)}: the embedded H2 file database under a temporary data directory and
 * a fresh database on a real PostgreSQL server ({@link PostgresServer}). Closes the store a test
 * opened into {@link #db}.
 */
abstract class OnBothDatabases {

    enum Backend { H2, POSTGRESQL }

    @TempDir
    Path dataDir;
    Database db;

    @AfterEach
    void closeStore() {
        if (db != null) {
            db.close();
        }
    }

    /** A new, empty database of this backend: its JDBC URL, or "" for the embedded one under {@link #dataDir}. */
    static String newDatabase(Backend backend) {
        return backend == Backend.H2 ? "" : PostgresServer.get().newDatabase();
    }
}
