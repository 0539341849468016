package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Path;
import org.transferlab.protocol.work.ArtifactRole;

/**
 * Where a trial gets its input artifacts (pretrained bodies, checkpoints) and puts its outputs.
 * On a worker this is the orchestrator's artifact store over HTTP with a local cache; in tests a
 * directory.
 */
public interface ArtifactStore {

    /** A local file holding the artifact's bytes; fails with a message naming the id if unknown. */
    Path fetch(String artifactId) throws IOException;

    /** Stores the file and returns the new artifact's id. {@code role} says what it is to later stages. */
    String publish(String experimentId, ArtifactRole role, Path file) throws IOException;
}
