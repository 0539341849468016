package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.protocol.data.DataSources;
import org.transferlab.protocol.data.DatasetFiles;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.spec.DataSpec;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.InvalidSpecException;

/** Datasets from the lab's files: image folders (grey or RGB, any size), CSV tables and NumPy arrays. */
class FileDatasetTest {

    @TempDir
    Path dir;

    private static DataSourceSpec images(Path path, int side, int channels) {
        return new DataSourceSpec("images", path.toString(), side, side, channels, null, null, null, null, null, null, null);
    }

    private Dataset load(DataSourceSpec source) throws IOException {
        Path zip = dir.resolve("packed-" + System.nanoTime() + ".zip");
        DatasetFiles.pack(source, zip);
        return FileDataset.load("own", source, zip);
    }

    @Test
    void an_rgb_image_folder_is_resized_and_read_channel_by_channel() throws Exception {
        Path folder = ImageFolders.write(dir.resolve("colours"), 3, 10, 1);
        Dataset dataset = load(images(folder, 8, 3));

        assertEquals(3, dataset.info().classes());
        assertEquals(3 * 8 * 8, dataset.inputs());
        assertEquals(30, dataset.train().size() + dataset.test().size());
        assertArrayEquals(new int[] {7, 7, 7}, dataset.train().classCounts(3), "70/30 per class");
        float[] pixels = new float[dataset.inputs()];
        int red = dataset.train().indicesOf(0)[0];
        dataset.train().copyFeatures(red, pixels, 0);
        // class-a is red: the first plane (R) is bright on average, the third (B) dark
        assertTrue(mean(pixels, 0, 64) > 0.6 && mean(pixels, 128, 192) < 0.4, "R " + mean(pixels, 0, 64) + ", B " + mean(pixels, 128, 192));
    }

    @Test
    void the_same_folder_read_as_grey_has_one_plane_of_luma() throws Exception {
        Path folder = ImageFolders.write(dir.resolve("colours"), 2, 4, 1);
        Dataset dataset = load(images(folder, 6, 1));
        assertEquals(36, dataset.inputs());
        assertEquals(1, dataset.info().channels());
    }

    @Test
    void packing_is_canonical_so_the_checksum_names_the_files() throws Exception {
        Path folder = ImageFolders.write(dir.resolve("colours"), 2, 3, 1);
        String first = DatasetFiles.pack(images(folder, 8, 3), dir.resolve("a.zip"));
        String second = DatasetFiles.pack(images(folder, 8, 3), dir.resolve("b.zip"));
        assertEquals(first, second);
        Files.writeString(folder.resolve("class-a/extra.png"), "not really a png");
        IOException broken = assertThrows(IOException.class, () -> DatasetFiles.read(images(folder, 8, 3), packed(folder)));
        assertTrue(broken.getMessage().contains("class-a/extra.png is not an image"), broken.getMessage());
    }

    private Path packed(Path folder) throws IOException {
        Path zip = dir.resolve("c.zip");
        DatasetFiles.pack(images(folder, 8, 3), zip);
        return zip;
    }

    @Test
    void a_csv_table_is_standardised_with_the_training_statistics() throws Exception {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(100 + 2 * i).append(',').append(i % 2).append('\n');
        }
        Path file = Files.writeString(dir.resolve("table.csv"), csv);
        Dataset dataset = load(new DataSourceSpec("csv", file.toString(), null, null, null, 0.25, "kind", null, null, null, null, null));
        assertEquals(2, dataset.info().classes());
        assertEquals(2, dataset.inputs());
        assertEquals(14, dataset.train().size(), "round(0.25 · 10) = 3 of each class are test");
        double sum = 0;
        float[] row = new float[2];
        for (int i = 0; i < dataset.train().size(); i++) {
            dataset.train().copyFeatures(i, row, 0);
            sum += row[1];
        }
        assertEquals(0.0, sum / dataset.train().size(), 1e-5, "training mean of a standardised column");
    }

    @Test
    void npz_arrays_of_images_keep_their_shape() throws Exception {
        Path file = dir.resolve("arrays.npz");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("x.npy"));
            zip.write(Nd4j.toNpyByteArray(Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 12, 3, 4, 5)));
            zip.putNextEntry(new ZipEntry("y.npy"));
            zip.write(Nd4j.toNpyByteArray(Nd4j.createFromArray(0L, 1L, 2L, 0L, 1L, 2L, 0L, 1L, 2L, 0L, 1L, 2L)));
        }
        Dataset dataset = load(new DataSourceSpec("npz", file.toString(), null, null, null, null, null, null, null, null, null, null));
        assertEquals(3, dataset.info().classes());
        assertEquals(List.of(3, 4, 5), List.of(dataset.info().channels(), dataset.info().height(), dataset.info().width()));
    }

    @Test
    void resolving_a_spec_counts_the_classes_and_a_missing_folder_is_refused_at_its_path() throws Exception {
        Path folder = ImageFolders.write(dir.resolve("colours"), 4, 5, 1);
        ExperimentSpec raw = new ExperimentSpec("own", null, null, new DataSpec("colours", null, null, null, null, 2, 1, null,
                Map.of("colours", images(folder, 8, 3))), null, null, null, null, null, null, null, null, null);
        ExperimentSpec spec = DataSources.resolve(raw, (name, zip, sha) -> "art-" + sha.substring(0, 8)).withDefaults();
        DataSourceSpec source = spec.data().source("colours");
        assertEquals(4, source.classes());
        assertEquals(List.of(0, 1), spec.data().sourceClasses());
        assertEquals(List.of(2, 3), spec.data().targetClasses());
        assertEquals(3, source.minTrainPerClass());
        assertTrue(source.artifact().startsWith("art-") && source.sha256().length() == 64);

        ExperimentSpec missing = new ExperimentSpec("own", null, null, new DataSpec("gone", null, null, null, null, null, null, null,
                Map.of("gone", images(dir.resolve("nowhere"), 8, 3))), null, null, null, null, null, null, null, null, null);
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> DataSources.resolve(missing, (n, z, s) -> null));
        assertEquals("data.sources.gone.path", e.errors().get(0).field());
    }

    private static double mean(float[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }
}
