package org.transferlab.experiments.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;
import org.transferlab.protocol.work.ArtifactRole;

/**
 * Saves and restores networks ({@link ComputationGraph}s) with DL4J's {@link ModelSerializer},
 * always with the updater state (Adam's moments) and the epoch counter, so a restored network
 * continues training exactly where the saved one stopped. A checkpoint of the old format (a
 * {@code MultiLayerNetwork}, what TransferLab wrote before its networks became graphs) is converted
 * to the graph the builders make now, or refused with a message naming the artifact
 * ({@link LayerListCheckpoints}).
 */
public final class Checkpoints {

    /** The entry of a DL4J model zip that holds the network's configuration. */
    private static final String CONFIGURATION = "configuration.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Checkpoints() {}

    public static void save(ComputationGraph network, Path file) throws IOException {
        ModelSerializer.writeModel(network, file.toFile(), true);
    }

    /** The network in artifact {@code artifactId}; errors name the artifact. */
    public static ComputationGraph load(ArtifactStore artifacts, String artifactId) throws IOException {
        return load(artifacts.fetch(artifactId), "artifact '" + artifactId + "'");
    }

    public static ComputationGraph load(Path file) throws IOException {
        return load(file, file.toString());
    }

    private static ComputationGraph load(Path file, String what) throws IOException {
        if (isLayerList(file)) {
            return LayerListCheckpoints.load(file, what);
        }
        try {
            return ModelSerializer.restoreComputationGraph(file.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot restore a network from " + what + ": " + e.getMessage(), e);
        }
    }

    /** Whether the zip holds a MultiLayerNetwork: its configuration lists layers ("confs"), not vertices. */
    private static boolean isLayerList(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry entry = zip.getEntry(CONFIGURATION);
            if (entry == null) {
                return false;
            }
            try (InputStream in = zip.getInputStream(entry)) {
                JsonNode configuration = JSON.readTree(in);
                return configuration.has("confs") && !configuration.has("vertices");
            }
        } catch (java.util.zip.ZipException e) {
            return false; // not a zip at all: restoring says what is wrong
        }
    }

    /** Saves the network to a temporary file, publishes it under {@code role} and returns the artifact id. */
    public static String publish(ArtifactStore artifacts, String experimentId, ArtifactRole role, ComputationGraph network)
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
