package org.transferlab.orchestrator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The data directory of a real orchestrator is private, and a world-readable one from an older version is fixed at start. */
class DataDirectoryTest {

    @TempDir
    Path parent;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void a_new_data_directory_and_everything_the_lab_writes_in_it_is_owner_only() throws Exception {
        Path dataDir = parent.resolve("fresh");
        try (TestLab lab = new TestLab(dataDir, Map.of("transferlab.orchestrator.api-token", ""))) {
            assertEquals("rwx------", mode(dataDir));
            assertEquals("rw-------", mode(dataDir.resolve("api-token")));
            assertEquals("rwx------", mode(dataDir.resolve("artifacts")));
            List<Path> db;
            try (Stream<Path> files = Files.walk(dataDir.resolve("db"))) {
                db = files.toList();
            }
            assertTrue(db.stream().anyMatch(p -> p.toString().endsWith(".mv.db")), db.toString());
            for (Path p : db) {
                assertEquals(Files.isDirectory(p) ? "rwx------" : "rw-------", mode(p), p.toString());
            }
        }
    }

    @Test
    void a_world_readable_data_directory_from_an_older_version_is_made_private_at_start() throws Exception {
        Path dataDir = parent.resolve("old");
        Files.createDirectories(dataDir.resolve("artifacts"));
        Files.writeString(dataDir.resolve("artifacts").resolve("art-old"), "weights");
        Files.writeString(dataDir.resolve("api-token"), "tlab_old\n");
        Files.writeString(dataDir.resolve("notes.txt"), "the user's own file");
        for (Path p : List.of(dataDir, dataDir.resolve("artifacts"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : List.of(dataDir.resolve("artifacts").resolve("art-old"), dataDir.resolve("api-token"), dataDir.resolve("notes.txt"))) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (TestLab lab = new TestLab(dataDir, Map.of())) {
            assertEquals("rwx------", mode(dataDir));
            assertEquals("rwx------", mode(dataDir.resolve("artifacts")));
            assertEquals("rw-------", mode(dataDir.resolve("artifacts").resolve("art-old")));
            assertEquals("rw-------", mode(dataDir.resolve("api-token")));
            assertFalse(mode(dataDir.resolve("notes.txt")).equals("rw-------"), "files the lab did not write are left alone");
        }
    }
}
