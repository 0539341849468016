package org.transferlab.protocol.data;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Reads and writes the IDX format of the MNIST files (big-endian header, magic {@code 0x00000803}
 * for images with count, rows, cols; {@code 0x00000801} for labels with count; then one unsigned
 * byte per pixel or label), gzipped or raw. Every error names the file it came from. Plain Java, so
 * that the workers, which train on the files, and the orchestrator, which counts what a lab holds
 * when a spec is submitted, read them the same way.
 */
public final class IdxFiles {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    /** The four files of an MNIST-format dataset's directory, each raw or with {@code .gz}. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";

    /** An image file's header: how many images, of how many rows and columns. */
    public record ImageHeader(int count, int rows, int cols) {}

    private IdxFiles() {}

    public static IdxImages readImages(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readImages(in, file.toString());
        }
    }

    public static byte[] readLabels(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readLabels(in, file.toString());
        }
    }

    /** The header of an image file, without reading a pixel. */
    public static ImageHeader readImageHeader(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return header(open(in), file.toString());
        }
    }

    /** The file {@code name} in {@code dir}, raw or gzipped ({@code name.gz}); null when neither is there. */
    public static Path find(Path dir, String name) {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** @param name how errors refer to the stream (a file name or classpath resource) */
    public static IdxImages readImages(InputStream raw, String name) throws IOException {
        DataInputStream in = open(raw);
        ImageHeader h = header(in, name);
        byte[] pixels = readBody(in, h.count() * h.rows() * h.cols(), name);
        return new IdxImages(h.count(), h.rows(), h.cols(), pixels);
    }

    private static ImageHeader header(DataInputStream in, String name) throws IOException {
        try {
            checkMagic(in.readInt(), IMAGES_MAGIC, name);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(name + ": implausible IDX image header " + count + "x" + rows + "x" + cols);
            }
            return new ImageHeader(count, rows, cols);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated IDX header", e);
        }
    }

    /** @param name how errors refer to the stream (a file name or classpath resource) */
    public static byte[] readLabels(InputStream raw, String name) throws IOException {
        DataInputStream in = open(raw);
        try {
            checkMagic(in.readInt(), LABELS_MAGIC, name);
            int count = in.readInt();
            if (count < 0) {
                throw new IOException(name + ": negative IDX label count " + count);
            }
            return readBody(in, count, name);
        } catch (EOFException e) {
            throw new IOException(name + ": truncated IDX header", e);
        }
    }

    public static void writeImages(Path file, IdxImages images, boolean gzip) throws IOException {
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(IMAGES_MAGIC);
            out.writeInt(images.count());
            out.writeInt(images.rows());
            out.writeInt(images.cols());
            out.write(images.pixels());
        }
    }

    public static void writeLabels(Path file, byte[] labels, boolean gzip) throws IOException {
        try (DataOutputStream out = create(file, gzip)) {
            out.writeInt(LABELS_MAGIC);
            out.writeInt(labels.length);
            out.write(labels);
        }
    }

    /** Gzip is recognised by its two magic bytes, so a file's name does not have to say. */
    private static DataInputStream open(InputStream raw) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(buffered), 1 << 16) : buffered);
    }

    private static void checkMagic(int magic, int expected, String name) throws IOException {
        if (magic != expected) {
            throw new IOException(String.format(
                    "%s: not an IDX %s file (magic 0x%08x, expected 0x%08x)",
                    name, expected == IMAGES_MAGIC ? "images" : "labels", magic, expected));
        }
    }

    private static byte[] readBody(DataInputStream in, int length, String name) throws IOException {
        byte[] body = new byte[length];
        int read = in.readNBytes(body, 0, length);
        if (read < length) {
            throw new IOException(name + ": truncated IDX file, header promises " + length
                    + " data bytes but only " + read + " follow");
        }
        return body;
    }

    private static DataOutputStream create(Path file, boolean gzip) throws IOException {
        OutputStream out = Files.newOutputStream(file);
        return new DataOutputStream(new BufferedOutputStream(gzip ? new GZIPOutputStream(out) : out, 1 << 16));
    }
}
