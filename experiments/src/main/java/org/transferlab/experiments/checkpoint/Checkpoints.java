package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.transferlab.protocol.work.ArtifactRole;

/**
 * Saves and restores networks with DL4J's {@link ModelSerializer}, always with the updater state
 * (Adam's moments) and the epoch counter, so a restored network continues training exactly where
 * the saved one stopped.
 */
public final class Checkpoints {

    private Checkpoints() {}

    public static void save(MultiLayerNetwork network, Path file) throws IOException {
        ModelSerializer.writeModel(network, file.toFile(), true);
    }

    public static MultiLayerNetwork load(Path file) throws IOException {
        try {
            return ModelSerializer.restoreMultiLayerNetwork(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot restore a network from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Saves the network to a temporary file, publishes it under {@code role} and returns the artifact id. */
    public static String publish(ArtifactStore artifacts, String experimentId, ArtifactRole role, MultiLayerNetwork network)
            throws IOException {
        Path file = Files.createTempFile("tlab-" + role + "-", ".zip");
        try {
            save(network, file);
            return artifacts.publish(experimentId, role, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
