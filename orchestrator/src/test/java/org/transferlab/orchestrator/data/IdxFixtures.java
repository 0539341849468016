package org.transferlab.orchestrator.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an MNIST-format dataset as {@code scripts/fetch-data.sh} installs one: the four gzipped
 * IDX files in {@code <root>/<name>/}, with the given number of 28×28 images per class (all black,
 * so that even the full 60,000 compress to a few hundred kilobytes). A worker could load them.
 */
public final class IdxFixtures {

    public static final String[] FILES = {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
            "t10k-labels-idx1-ubyte"};

    private IdxFixtures() {}

    /** The official sizes: 6,000 training and 1,000 test images per class (MNIST's smallest has fewer; 6,000 are more). */
    public static Path full(Path root, String name) throws IOException {
        return write(root, name, 6000, 1000);
    }

    public static Path write(Path root, String name, int trainPerClass, int testPerClass) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name));
        part(dir, "train", trainPerClass);
        part(dir, "t10k", testPerClass);
        return dir;
    }

    private static void part(Path dir, String part, int perClass) throws IOException {
        int n = perClass * 10;
        try (DataOutputStream labels = gz(dir.resolve(part + "-labels-idx1-ubyte.gz"))) {
            labels.writeInt(0x00000801);
            labels.writeInt(n);
            for (int i = 0; i < n; i++) {
                labels.writeByte(i % 10);
            }
        }
        try (DataOutputStream images = gz(dir.resolve(part + "-images-idx3-ubyte.gz"))) {
            images.writeInt(0x00000803);
            images.writeInt(n);
            images.writeInt(28);
            images.writeInt(28);
            byte[] black = new byte[28 * 28];
            for (int i = 0; i < n; i++) {
                images.write(black);
            }
        }
    }

    private static DataOutputStream gz(Path file) throws IOException {
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16);
        return new DataOutputStream(out);
    }
}
