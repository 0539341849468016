package org.transferlab.experiments.data;

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
 * byte per pixel or label), gzipped or raw. Every error names the file it came from.
 */
public final class IdxFiles {

    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;

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

    /** @param name how errors refer to the stream (a file name or classpath resource) */
    public static IdxImages readImages(InputStream raw, String name) throws IOException {
        DataInputStream in = open(raw);
        try {
            checkMagic(in.readInt(), IMAGES_MAGIC, name);
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new IOException(name + ": implausible IDX image header " + count + "x" + rows + "x" + cols);
            }
            byte[] pixels = readBody(in, count * rows * cols, name);
            return new IdxImages(count, rows, cols, pixels);
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
