package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.gtl.GuideMatrix.Distance;
import org.transferlab.experiments.gtl.GuideMatrix.Normalisation;

/** The guide of hand-made scout deltas, worked out by hand. */
class GuideMatrixTest {

    private static final Map<String, INDArray> THETA0 = params(new float[][] {{0, 0}, {0, 0}}, new float[] {0, 0});
    // Scout deltas: W [[1,2],[0,-1]] and [[-1,0],[0,3]]; b [0.5,0] and [0.5,1].
    private static final List<Map<String, INDArray>> SCOUTS = List.of(
            params(new float[][] {{1, 2}, {0, -1}}, new float[] {0.5f, 0}),
            params(new float[][] {{-1, 0}, {0, 3}}, new float[] {0.5f, 1}));

    private static Map<String, INDArray> params(float[][] w, float[] b) {
        Map<String, INDArray> p = new LinkedHashMap<>();
        p.put("0_W", Nd4j.create(w));
        p.put("0_b", Nd4j.create(new float[][] {b}));
        return p;
    }

    private static void assertValues(GuideMatrix guide, float[][] w, float[] b) {
        assertArrayEquals(Nd4j.create(w).data().asFloat(), guide.values().get("0_W").dup('c').data().asFloat(), 1e-6f, "W");
        assertArrayEquals(b, guide.values().get("0_b").dup('c').data().asFloat(), 1e-6f, "b");
    }

    @Test
    void squared_distance_normalised_per_tensor() {
        // mean squared: W [[1,2],[0,5]], b [0.25,0.5]
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.SQUARED, Normalisation.TENSOR, 1, 0);
        assertValues(guide, new float[][] {{0.2f, 0.4f}, {0, 1}}, new float[] {0, 1});
    }

    @Test
    void squared_distance_normalised_globally() {
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.SQUARED, Normalisation.GLOBAL, 1, 0);
        assertValues(guide, new float[][] {{0.2f, 0.4f}, {0, 1}}, new float[] {0.05f, 0.1f});
    }

    @Test
    void absolute_distance_normalised_per_tensor_and_a_constant_positive_tensor_becomes_one() {
        // mean absolute: W [[1,1],[0,2]], b [0.5,0.5]
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.ABSOLUTE, Normalisation.TENSOR, 1, 0);
        assertValues(guide, new float[][] {{0.5f, 0.5f}, {0, 1}}, new float[] {1, 1});
    }

    @Test
    void absolute_distance_normalised_globally() {
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.ABSOLUTE, Normalisation.GLOBAL, 1, 0);
        assertValues(guide, new float[][] {{0.5f, 0.5f}, {0, 1}}, new float[] {0.25f, 0.25f});
    }

    @Test
    void scale_multiplies_then_values_below_sparsify_become_zero() {
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.SQUARED, Normalisation.TENSOR, 2, 0.5);
        assertValues(guide, new float[][] {{0, 0.8f}, {0, 2}}, new float[] {0, 2});
        assertEquals(0.5, guide.sparsity(), 1e-9);
        assertEquals((0.8 + 2 + 2) / 6, guide.mean(), 1e-6);
        assertEquals(0.5, guide.fractionAbove(0.5), 1e-9);

        // Re-scaling keeps the threshold on the scaled values: 1 × [[.2,.4],[0,1]] below 0.5 → 0.
        assertValues(guide.withScale(1), new float[][] {{0, 0}, {0, 1}}, new float[] {0, 1});
    }

    @Test
    void a_tensor_no_scout_moved_gets_guide_zero() {
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, List.of(THETA0), Distance.SQUARED, Normalisation.TENSOR, 1, 0);
        assertEquals(1.0, guide.sparsity(), 1e-9);
    }

    @Test
    void a_scout_missing_a_parameter_is_a_clear_error() {
        Map<String, INDArray> partial = Map.of("0_W", Nd4j.zeros(DataType.FLOAT, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GuideMatrix.fromScouts(
                THETA0, List.of(partial), Distance.SQUARED, Normalisation.TENSOR, 1, 0));
        assertEquals("scout 0 has no parameter 0_b shaped [1, 2] like the body", e.getMessage());
    }

    @Test
    void saved_and_loaded_guide_is_the_same(@TempDir Path dir) throws Exception {
        GuideMatrix guide = GuideMatrix.fromScouts(THETA0, SCOUTS, Distance.ABSOLUTE, Normalisation.GLOBAL, 1.5, 0.1);
        Path file = dir.resolve("guide.npz");
        guide.save(file);

        GuideMatrix loaded = GuideMatrix.load(file);

        assertEquals(List.of("0_W", "0_b"), List.copyOf(loaded.values().keySet()));
        assertEquals(guide.values(), loaded.values());
        assertEquals(guide.normalised(), loaded.normalised());
        assertEquals(Distance.ABSOLUTE, loaded.distance());
        assertEquals(Normalisation.GLOBAL, loaded.normalisation());
        assertEquals(1.5, loaded.scale());
        assertEquals(0.1, loaded.sparsify());
        assertEquals(2, loaded.scouts());
    }

    @Test
    void a_file_that_is_no_guide_is_rejected(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-guide"), "hello");
        assertThrows(java.io.IOException.class, () -> GuideMatrix.load(file));
    }

    @Test
    void summary_shrinks_each_tensor_to_block_means_of_at_most_64_by_64() {
        double[] values = {
            1, 2, 3, 4, 5,
            6, 7, 8, 9, 10,
            11, 12, 13, 14, 15};
        // rows [0,1) and [1,3), columns [0,2) and [2,5)
        double[][] cells = GuideSummary.blockMeans(values, 3, 5, 2);
        assertArrayEquals(new double[] {1.5, 4}, cells[0], 1e-9);
        assertArrayEquals(new double[] {9, 11.5}, cells[1], 1e-9);

        Map<String, INDArray> theta0 = Map.of("0_W", Nd4j.zeros(DataType.FLOAT, 784, 3));
        Map<String, INDArray> scout = Map.of("0_W", Nd4j.rand(DataType.FLOAT, 784, 3));
        GuideSummary.Layer layer = GuideSummary.of(GuideMatrix.fromScouts(theta0, List.of(scout),
                Distance.ABSOLUTE, Normalisation.TENSOR, 1, 0)).layers().get(0);
        assertEquals("0_W", layer.name());
        assertArrayEquals(new long[] {784, 3}, layer.shape());
        assertEquals(64, layer.rows());
        assertEquals(3, layer.cols());
        assertEquals(64, layer.values().length);
    }
}
