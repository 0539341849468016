package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

/** Validation carved from the training part: stratified, seeded by the experiment, disjoint from every training sample. */
class DataSplitsTest {

    @TempDir
    static Path dir;

    private static Dataset digits;

    @BeforeAll
    static void load() throws Exception {
        digits = new DatasetRegistry(dir).get("digits");
    }

    private static Set<Integer> baseRows(LabeledExamples part) {
        ExampleRows rows = (ExampleRows) part;
        Set<Integer> out = new HashSet<>();
        IntStream.range(0, rows.size()).forEach(i -> out.add(rows.row(i)));
        return out;
    }

    @Test
    void validation_is_carved_per_class_from_training_and_no_k_shot_sample_of_any_seed_touches_it() {
        DataSplits splits = new DataSplits(digits, 20, 0, 5);
        DataSplits carvedAgain = new DataSplits(digits, 20, 0, 5);
        List<Integer> classes = List.of(5, 6, 7, 8, 9);

        DataSet validation = splits.validation(classes);
        assertEquals(5 * 20, validation.numExamples());
        for (int column = 0; column < 5; column++) {
            assertEquals(20.0, validation.getLabels().getColumn(column).sumNumber().doubleValue(), 1e-9, "stratified");
        }
        assertEquals(validation.getFeatures(), carvedAgain.validation(classes).getFeatures(), "the carve is the split seed's alone");
        assertEquals(digits.train().size(), splits.training().size() + 10 * 20, "every class gives its share, nothing is lost");

        Set<Integer> training = baseRows(splits.training());
        ExampleRows carved = (ExampleRows) new DataSplits(digits, 20, 0, 5).validationRows();
        for (int i = 0; i < carved.size(); i++) {
            assertTrue(!training.contains(carved.row(i)), "validation row " + carved.row(i) + " is also a training row");
        }
        for (long trialSeed = 0; trialSeed < 20; trialSeed++) {
            for (int index : ClassSampler.sampleIndices(splits.training(), classes, 10, trialSeed)) {
                assertTrue(training.contains(((ExampleRows) splits.training()).row(index)));
            }
        }
    }

    @Test
    void another_experiment_seed_carves_other_validation_examples() {
        List<Integer> classes = List.of(0, 1);
        assertTrue(!new DataSplits(digits, 20, 0, 5).validation(classes).getFeatures()
                .equals(new DataSplits(digits, 20, 0, 6).validation(classes).getFeatures()));
    }

    @Test
    void the_test_sample_is_every_test_example_of_the_classes_or_at_most_test_per_class() {
        List<Integer> classes = List.of(3, 4);
        int all = digits.test().indicesOf(3).length + digits.test().indicesOf(4).length;
        assertEquals(all, new DataSplits(digits, 20, 0, 5).test(classes).numExamples());
        DataSet bounded = new DataSplits(digits, 20, 7, 5).test(classes);
        assertEquals(14, bounded.numExamples());
        assertEquals(bounded.getFeatures(), new DataSplits(digits, 20, 7, 5).test(classes).getFeatures(), "seeded by the experiment");
    }

    @Test
    void a_class_too_small_for_its_validation_share_is_named() {
        DataSplits splits = new DataSplits(digits, 500, 0, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> splits.validation(List.of(0, 1)));
        assertTrue(e.getMessage().contains("validationPerClass=500"), e.getMessage());
    }

    @Test
    void a_sample_larger_than_the_bundled_mnist_subset_says_it_is_the_subset_and_how_to_fetch_the_full_one() throws Exception {
        Dataset subset = new DatasetRegistry(dir).get("mnist");
        assertTrue(subset.bundledSubset(), "the test's empty data directory should leave the bundled subset");
        DataSplits splits = new DataSplits(subset, 100, 0, 42);
        // the fine-tune demo's pretraining sample: 5,000 images of each digit 0-4
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSampler.sample(splits.training(), List.of(0, 1, 2, 3, 4), 5000, 42));
        assertTrue(e.getMessage().contains("bundled " + subset.train().size() + "-image subset of mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("scripts/fetch-data.sh"), e.getMessage());
        // the full dataset's messages stay as they were: digits is complete, not a subset
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class,
                () -> ClassSampler.sample(new DataSplits(digits, 20, 0, 5).training(), List.of(0), 5000, 5));
        assertTrue(!full.getMessage().contains("bundled"), full.getMessage());
    }
}
