package org.transferlab.experiments.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.work.ArtifactRole;

class DirectoryArtifactStoreTest {

    @TempDir
    Path dir;

    @Test
    void a_published_file_is_fetched_back_under_a_fresh_id() throws IOException {
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir.resolve("store"));
        Path file = Files.writeString(dir.resolve("weights.zip"), "weights");

        String first = store.publish("exp-1", ArtifactRole.BODY, file);
        String second = store.publish("exp-1", ArtifactRole.BODY, file);

        assertNotEquals(first, second);
        assertTrue(first.startsWith("exp-1.body."), first);
        assertEquals("weights", Files.readString(store.fetch(first)));
    }

    @Test
    void unknown_or_unsafe_ids_are_refused_naming_the_id() throws IOException {
        DirectoryArtifactStore store = new DirectoryArtifactStore(dir);

        IOException unknown = assertThrows(IOException.class, () -> store.fetch("exp-1.body.nothing"));
        assertTrue(unknown.getMessage().contains("exp-1.body.nothing"), unknown.getMessage());
        assertThrows(IOException.class, () -> store.fetch("../etc/passwd"));
        assertThrows(IllegalArgumentException.class,
                () -> store.publish("../x", ArtifactRole.BODY, Files.writeString(dir.resolve("f"), "x")));
    }
}
