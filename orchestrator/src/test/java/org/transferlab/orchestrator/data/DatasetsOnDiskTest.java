package org.transferlab.orchestrator.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.protocol.spec.Datasets;
import org.transferlab.protocol.spec.LabDatasets;

/**
 * The orchestrator finds what a worker reading the same directory will train on: the bundled
 * subset where the fetched files are missing, the counted files where they are present, and
 * nothing it can claim where it sees no directory or cannot read the files.
 */
class DatasetsOnDiskTest {

    @TempDir
    Path dataDir;

    @Test
    void without_a_dataset_root_the_full_datasets_are_assumed_as_before() {
        assertEquals(LabDatasets.FULL, new DatasetsOnDisk(null).read());
    }

    @Test
    void a_root_without_fetched_files_holds_the_bundled_subsets_and_says_how_to_fetch_the_full_sets() {
        Path root = dataDir.resolve("datasets");
        LabDatasets lab = new DatasetsOnDisk(root).read();
        assertEquals(Datasets.BUNDLED_SUBSETS.keySet(), lab.held().keySet());
        LabDatasets.Held mnist = lab.held().get("mnist");
        assertEquals(Datasets.BUNDLED_SUBSETS.get("mnist").info(), mnist.info());
        assertEquals("it holds only the bundled 1,000-image subset of mnist, not the full set (5,421 training images in its "
                + "smallest class); fetch it with `scripts/fetch-data.sh " + dataDir.toAbsolutePath() + " mnist`",
                mnist.explanation());
        assertTrue(lab.held().get("fashion-mnist").explanation().contains("fetch-data.sh " + dataDir.toAbsolutePath() + " fashion-mnist"));
    }

    @Test
    void fetched_full_size_files_are_counted_and_hold_everything_a_spec_may_ask() throws IOException {
        Path root = dataDir.resolve("datasets");
        IdxFixtures.full(root, "mnist");
        LabDatasets lab = new DatasetsOnDisk(root).read();
        assertNull(lab.held().get("mnist"), "6,000 per class is at least the full set's smallest class");
        assertTrue(lab.held().containsKey("fashion-mnist"), "fashion-mnist is still the bundled subset");
    }

    @Test
    void smaller_files_are_counted_as_they_are_and_missing_ones_mean_the_bundled_subset() throws IOException {
        Path root = dataDir.resolve("datasets");
        IdxFixtures.write(root, "mnist", 300, 40);
        IdxFixtures.write(root, "fashion-mnist", 300, 40);
        Files.delete(root.resolve("fashion-mnist/t10k-labels-idx1-ubyte.gz"));
        LabDatasets lab = new DatasetsOnDisk(root).read();

        LabDatasets.Held mnist = lab.held().get("mnist");
        assertEquals(new Datasets.Info(10, 28, 28, 300, 40), mnist.info());
        assertTrue(mnist.explanation().startsWith(root.resolve("mnist") + " holds 3,000 training images of mnist, not the full set"),
                mnist.explanation());
        LabDatasets.Held fashion = lab.held().get("fashion-mnist");
        assertEquals(Datasets.BUNDLED_SUBSETS.get("fashion-mnist").info(), fashion.info(), "a worker falls back when any file is missing");
        assertTrue(fashion.explanation().contains("lacks t10k-labels-idx1-ubyte"), fashion.explanation());
    }

    @Test
    void the_same_files_are_counted_once_and_rewritten_ones_again() throws IOException {
        Path root = dataDir.resolve("datasets");
        IdxFixtures.write(root, "mnist", 300, 40);
        DatasetsOnDisk disk = new DatasetsOnDisk(root);
        assertEquals(300, disk.read().held().get("mnist").info().minTrainPerClass());
        // the same size and time but unreadable contents: a check that read the labels again would give up (null)
        Path labels = root.resolve("mnist/train-labels-idx1-ubyte.gz");
        FileTime written = Files.getLastModifiedTime(labels);
        Files.write(labels, new byte[(int) Files.size(labels)]);
        Files.setLastModifiedTime(labels, written);
        assertEquals(300, disk.read().held().get("mnist").info().minTrainPerClass(), "the count is reused, not read again");
        IdxFixtures.write(root, "mnist", 500, 40); // rewritten, e.g. a fetch finished while the lab runs
        assertEquals(500, disk.read().held().get("mnist").info().minTrainPerClass());
    }

    @Test
    void files_it_cannot_read_are_left_to_the_worker_to_refuse() throws IOException {
        Path root = dataDir.resolve("datasets");
        Path dir = IdxFixtures.write(root, "mnist", 300, 40);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), new byte[] {1, 2, 3});
        Files.delete(dir.resolve("train-labels-idx1-ubyte.gz"));
        assertNull(new DatasetsOnDisk(root).read().held().get("mnist"));
    }

    @Test
    void a_root_not_named_datasets_gets_a_fetch_and_copy_instruction() {
        Path root = dataDir.resolve("elsewhere");
        String why = new DatasetsOnDisk(root).read().held().get("mnist").explanation();
        assertTrue(why.endsWith("fetch it with `scripts/fetch-data.sh DIR mnist` and copy DIR/datasets/mnist to " + root.resolve("mnist")),
                why);
    }
}
