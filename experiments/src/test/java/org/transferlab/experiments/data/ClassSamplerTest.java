package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

class ClassSamplerTest {

    private static LabeledImages train;

    @BeforeAll
    static void load() throws IOException {
        train = Mnist.bundled().train();
    }

    @Test
    void k_shot_sampling_is_reproducible_for_a_seed_and_varies_with_it() {
        List<Integer> classes = List.of(5, 6, 7, 8, 9);
        int[] first = ClassSampler.sampleIndices(train, classes, 20, 7);
        int[] again = ClassSampler.sampleIndices(train, classes, 20, 7);
        int[] other = ClassSampler.sampleIndices(train, classes, 20, 8);

        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        assertEquals(100, first.length);
        assertEquals(100, Arrays.stream(first).distinct().count(), "no image drawn twice");
        for (int cls : classes) {
            assertEquals(20, Arrays.stream(first).filter(i -> train.label(i) == cls).count(), "examples of " + cls);
        }
    }

    @Test
    void an_impossible_k_is_refused_naming_class_k_and_what_is_available() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ClassSampler.sampleIndices(train, List.of(1, 3), 101, 1));
        assertTrue(e.getMessage().contains("class 1"), e.getMessage());
        assertTrue(e.getMessage().contains("k=101"), e.getMessage());
        assertTrue(e.getMessage().contains("only 100"), e.getMessage());
    }

    @Test
    void labels_follow_the_class_list_order_and_pixels_lie_in_unit_range() {
        List<Integer> classes = List.of(9, 2);
        int[] indices = ClassSampler.sampleIndices(train, classes, 5, 3);
        DataSet data = ClassSampler.toDataSet(train, indices, classes);

        assertArrayEquals(new long[] {10, 784}, data.getFeatures().shape());
        assertArrayEquals(new long[] {10, 2}, data.getLabels().shape());
        assertTrue(data.getFeatures().minNumber().doubleValue() >= 0);
        assertEquals(1.0, data.getFeatures().maxNumber().doubleValue(), 1e-6);
        for (int row = 0; row < indices.length; row++) {
            int expectedColumn = train.label(indices[row]) == 9 ? 0 : 1;
            assertEquals(1.0, data.getLabels().getDouble(row, expectedColumn), "row " + row);
            assertEquals(0.0, data.getLabels().getDouble(row, 1 - expectedColumn), "row " + row);
        }
    }
}
