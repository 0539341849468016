package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.data.IdxImages;

class MnistTest {

    @TempDir
    Path root;

    @Test
    void falls_back_to_the_bundled_balanced_subset_when_nothing_was_fetched() throws IOException {
        Mnist mnist = Mnist.load(root);

        assertTrue(mnist.bundledSubset());
        assertEquals(1000, mnist.train().size());
        assertEquals(1000, mnist.test().size());
        assertEquals(28, mnist.train().images().rows());
        for (int digit = 0; digit < 10; digit++) {
            assertEquals(100, mnist.train().indicesOf(digit).length, "train images of digit " + digit);
            assertEquals(100, mnist.test().indicesOf(digit).length, "test images of digit " + digit);
        }
    }

    @Test
    void loads_fetched_files_raw_or_gzipped_from_the_mnist_directory() throws IOException {
        Path dir = Files.createDirectories(root.resolve("mnist"));
        IdxImages images = new IdxImages(2, 28, 28, new byte[2 * 28 * 28]);
        IdxFiles.writeImages(dir.resolve(Mnist.TRAIN_IMAGES), images, false);
        IdxFiles.writeLabels(dir.resolve(Mnist.TRAIN_LABELS), new byte[] {3, 4}, false);
        IdxFiles.writeImages(dir.resolve(Mnist.TEST_IMAGES + ".gz"), images, true);
        IdxFiles.writeLabels(dir.resolve(Mnist.TEST_LABELS + ".gz"), new byte[] {5, 6}, true);

        Mnist mnist = Mnist.load(root);

        assertFalse(mnist.bundledSubset());
        assertEquals(2, mnist.train().size());
        assertEquals(6, mnist.test().label(1));
    }
}
