package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.data.IdxImages;

class IdxFilesTest {

    @TempDir
    Path dir;

    private static IdxImages randomImages(int count, int rows, int cols, long seed) {
        byte[] pixels = new byte[count * rows * cols];
        new Random(seed).nextBytes(pixels);
        return new IdxImages(count, rows, cols, pixels);
    }

    @Test
    void images_and_labels_round_trip_raw_and_gzipped() throws IOException {
        IdxImages images = randomImages(7, 3, 5, 1);
        byte[] labels = {0, 1, 2, 9, (byte) 200, 4, 5};
        for (boolean gzip : new boolean[] {false, true}) {
            Path imageFile = dir.resolve("images-" + gzip);
            Path labelFile = dir.resolve("labels-" + gzip);
            IdxFiles.writeImages(imageFile, images, gzip);
            IdxFiles.writeLabels(labelFile, labels, gzip);

            IdxImages read = IdxFiles.readImages(imageFile);
            assertEquals(7, read.count());
            assertEquals(3, read.rows());
            assertEquals(5, read.cols());
            assertArrayEquals(images.pixels(), read.pixels());
            assertArrayEquals(labels, IdxFiles.readLabels(labelFile));
        }
        assertEquals(200, new LabeledImages(images, labels, "x").label(4), "labels are unsigned");
    }

    @Test
    void a_labels_file_read_as_images_is_refused_naming_the_file_and_magic() throws IOException {
        Path labelFile = dir.resolve("train-labels-idx1-ubyte");
        IdxFiles.writeLabels(labelFile, new byte[] {1, 2, 3}, false);

        IOException e = assertThrows(IOException.class, () -> IdxFiles.readImages(labelFile));
        assertTrue(e.getMessage().contains(labelFile.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000801"), e.getMessage());
        assertTrue(e.getMessage().contains("0x00000803"), e.getMessage());
    }

    @Test
    void a_truncated_file_is_refused_naming_the_file() throws IOException {
        Path full = dir.resolve("full");
        IdxFiles.writeImages(full, randomImages(4, 2, 2, 2), false);
        byte[] bytes = Files.readAllBytes(full);
        Path truncated = dir.resolve("truncated-images");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 3));
        Path headerOnly = dir.resolve("header-only");
        Files.write(headerOnly, Arrays.copyOf(bytes, 6));

        IOException body = assertThrows(IOException.class, () -> IdxFiles.readImages(truncated));
        assertTrue(body.getMessage().contains(truncated.toString()) && body.getMessage().contains("truncated"),
                body.getMessage());
        IOException header = assertThrows(IOException.class, () -> IdxFiles.readImages(headerOnly));
        assertTrue(header.getMessage().contains(headerOnly.toString()), header.getMessage());
    }
}
