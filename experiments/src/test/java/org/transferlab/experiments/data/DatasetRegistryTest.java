package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.spec.Datasets;

/** Every loader on what is bundled (MNIST/Fashion subsets, the complete sklearn files). */
class DatasetRegistryTest {

    private static final DatasetRegistry REGISTRY = new DatasetRegistry(null);

    @ParameterizedTest
    @CsvSource({
        "mnist,         28, 28, 10, 1000, 1000, true",
        "fashion-mnist, 28, 28, 10, 1000, 1000, true",
        "digits,         8,  8, 10, 1258,  539, false",
        "iris,           1,  4,  3,  105,   45, false",
        "wine,           1, 13,  3,  125,   53, false"})
    void each_dataset_loads_with_its_shape_label_range_and_counts(String name, int height, int width, int classes,
            int trainSize, int testSize, boolean subset) throws IOException {
        Dataset dataset = REGISTRY.get(name);

        assertEquals(name, dataset.name());
        assertEquals(height * width, dataset.train().featuresPerExample());
        assertEquals(height * width, dataset.test().featuresPerExample());
        assertEquals(classes, dataset.info().classes());
        assertEquals(trainSize, dataset.train().size());
        assertEquals(testSize, dataset.test().size());
        assertEquals(subset, dataset.bundledSubset());
        for (LabeledExamples part : List.of(dataset.train(), dataset.test())) {
            int[] counts = part.classCounts(classes);
            assertTrue(Arrays.stream(counts).allMatch(c -> c > 0), name + " has every class: " + Arrays.toString(counts));
            assertEquals(part.size(), Arrays.stream(counts).sum(), name + " labels all lie in 0.." + (classes - 1));
        }
        assertEquals(dataset, REGISTRY.get(name), "loaded once, then shared");
    }

    @Test
    void a_registry_that_fell_back_to_the_bundled_subset_reads_files_fetched_since(@TempDir Path root) throws IOException {
        DatasetRegistry registry = new DatasetRegistry(root);
        Dataset fallback = registry.get("mnist");
        assertTrue(fallback.bundledSubset());
        assertEquals(fallback, registry.get("mnist"), "kept while nothing was fetched");

        // the four IDX files as scripts/fetch-data.sh installs them (here the bundled images, written raw)
        Path dir = Files.createDirectories(root.resolve("mnist"));
        LabeledImages train = (LabeledImages) fallback.train();
        LabeledImages test = (LabeledImages) fallback.test();
        IdxFiles.writeImages(dir.resolve(IdxDataset.TRAIN_IMAGES), train.images(), false);
        IdxFiles.writeLabels(dir.resolve(IdxDataset.TRAIN_LABELS), train.labels(), false);
        IdxFiles.writeImages(dir.resolve(IdxDataset.TEST_IMAGES), test.images(), false);
        IdxFiles.writeLabels(dir.resolve(IdxDataset.TEST_LABELS), test.labels(), false);

        Dataset fetched = registry.get("mnist");
        assertFalse(fetched.bundledSubset(), fetched.origin());
        assertEquals(dir.toString(), fetched.origin());
        assertEquals(fetched, registry.get("mnist"), "then loaded once and shared");
    }

    @ParameterizedTest
    @ValueSource(strings = {"digits", "iris", "wine"})
    void the_per_class_minimums_the_spec_is_validated_against_match_the_complete_sklearn_files(String name)
            throws IOException {
        Dataset dataset = REGISTRY.get(name);
        Datasets.Info info = Datasets.info(name);

        assertEquals(info.minTrainPerClass(), Arrays.stream(dataset.train().classCounts(info.classes())).min().orElseThrow());
        assertEquals(info.minTestPerClass(), Arrays.stream(dataset.test().classCounts(info.classes())).min().orElseThrow());
    }

    @Test
    void images_are_scaled_to_the_unit_interval() throws IOException {
        for (String name : List.of("mnist", "fashion-mnist", "digits")) {
            Dataset dataset = REGISTRY.get(name);
            DataSet sample = ClassSampler.sample(dataset.train(), List.of(0, 1, 2), 20, 1);
            assertTrue(sample.getFeatures().minNumber().doubleValue() >= 0, name);
            assertEquals(1.0, sample.getFeatures().maxNumber().doubleValue(), 1e-6, name + " reaches full intensity");
        }
    }

    @Test
    void tables_are_standardised_with_the_training_parts_statistics() throws IOException {
        for (String name : List.of("iris", "wine")) {
            LabeledTable train = (LabeledTable) REGISTRY.get(name).train();
            for (int c = 0; c < train.columns(); c++) {
                double mean = 0;
                double squares = 0;
                for (int row = 0; row < train.size(); row++) {
                    mean += train.value(row, c);
                    squares += train.value(row, c) * train.value(row, c);
                }
                mean /= train.size();
                assertEquals(0.0, mean, 1e-4, name + " column " + c + " mean");
                assertEquals(1.0, Math.sqrt(squares / train.size() - mean * mean), 1e-3, name + " column " + c + " sd");
            }
        }
    }

    @Test
    void seeded_k_shot_sampling_is_reproducible_on_every_dataset() throws IOException {
        for (String name : Datasets.KNOWN.keySet()) {
            LabeledExamples train = REGISTRY.get(name).train();
            List<Integer> classes = List.of(0, 2);
            int[] first = ClassSampler.sampleIndices(train, classes, 5, 11);
            assertArrayEquals(first, ClassSampler.sampleIndices(train, classes, 5, 11), name);
            assertFalse(Arrays.equals(first, ClassSampler.sampleIndices(train, classes, 5, 12)), name + " seed matters");
            for (int cls : classes) {
                assertEquals(5, Arrays.stream(first).filter(i -> train.label(i) == cls).count(), name + " class " + cls);
            }
        }
    }

    @Test
    void an_impossible_k_is_refused_with_the_class_and_what_it_has() throws IOException {
        LabeledExamples irisTrain = REGISTRY.get("iris").train();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSampler.sampleIndices(irisTrain, List.of(0, 1), 36, 1));
        assertTrue(e.getMessage().contains("class 0: asked for k=36 examples but only 35 are available"), e.getMessage());
    }

    @Test
    void an_unknown_dataset_is_refused_naming_the_known_ones() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> REGISTRY.get("cifar10"));
        assertEquals("unknown dataset 'cifar10'; available: [digits, fashion-mnist, iris, mnist, wine]", e.getMessage());
    }

    @Test
    void the_stratified_split_is_disjoint_complete_seeded_and_holds_out_thirty_percent_of_each_class() {
        int[] labels = IntStream.range(0, 100).map(i -> i < 40 ? 0 : 1).toArray();
        StratifiedSplit split = StratifiedSplit.of(labels, 2, 0.3, 5);

        assertEquals(12 + 18, split.test().length);
        assertEquals(12, Arrays.stream(split.test()).filter(i -> labels[i] == 0).count());
        int[] all = IntStream.concat(Arrays.stream(split.train()), Arrays.stream(split.test())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 100).toArray(), all);
        assertArrayEquals(split.test(), StratifiedSplit.of(labels, 2, 0.3, 5).test());
        assertFalse(Arrays.equals(split.test(), StratifiedSplit.of(labels, 2, 0.3, 6).test()));
    }

    @Test
    void a_malformed_csv_is_refused_naming_the_file_and_line() {
        byte[] csv = "3,4,a,b,c\n5.1,3.5,1.4,0.2,0\n4.9,x,1.4,0.2,0\n".getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class,
                () -> SklearnCsv.build("iris", new ByteArrayInputStream(csv), "broken.csv", false));
        assertEquals("broken.csv: header promises 3 rows but 2 follow", e.getMessage());
    }
}
