package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.experiments.gtl.GuideMatrix.Distance;
import org.transferlab.experiments.gtl.GuideMatrix.Normalisation;
import org.transferlab.experiments.gtl.GuideMatrix.Shaping;
import org.transferlab.experiments.gtl.GuideMatrix.Transform;

/**
 * The guide's shaping (transform, offset floor, scale, sparsify) as properties over seeded random
 * scouts: each formula of {@link GuideMatrix}'s class comment, checked value by value.
 */
class GuideShapingTest {


    /** θ0 = 0 and one scout per seed with random deltas, some exactly 0 (weights no scout moved). */
    private static List<Map<String, INDArray>> scoutsAndStart(long seed) {
        Random random = new Random(seed);
        Map<String, INDArray> start = new LinkedHashMap<>();
        Map<String, INDArray> scout = new LinkedHashMap<>();
        int rows = 3 + random.nextInt(6);
        int cols = 2 + random.nextInt(6);
        start.put("body-0_W", Nd4j.zeros(DataType.FLOAT, rows, cols));
        start.put("body-0_b", Nd4j.zeros(DataType.FLOAT, 1, cols));
        scout.put("body-0_W", randomDeltas(random, rows, cols));
        scout.put("body-0_b", randomDeltas(random, 1, cols));
        return List.of(start, scout);
    }

    private static INDArray randomDeltas(Random random, int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(4) == 0 ? 0f : (float) random.nextGaussian();
        }
        return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }

    private static GuideMatrix guide(long seed, Normalisation normalisation, Shaping shaping) {
        List<Map<String, INDArray>> p = scoutsAndStart(seed);
        return GuideMatrix.fromScouts(p.get(0), List.of(p.get(1)), Distance.SQUARED, normalisation, shaping);
    }

    private static float[] flat(INDArray a) {
        return a.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void offset_scale_and_sparsify_follow_the_documented_formula(long seed) {
        Random random = new Random(seed * 31);
        double offset = -1 + 2 * random.nextDouble();
        double scale = 0.5 + random.nextDouble();
        double sparsify = 0.3 * random.nextDouble();
        GuideMatrix guide = guide(seed, Normalisation.TENSOR, new Shaping(Transform.NONE, 1, offset, scale, sparsify));

        guide.normalised().forEach((name, n) -> {
            float[] normalised = flat(n);
            float[] values = flat(guide.values().get(name));
            for (int i = 0; i < normalised.length; i++) {
                double g = Math.max(0, offset + (1 - offset) * normalised[i]) * scale;
                double expected = g >= sparsify ? g : 0;
                assertEquals(expected, values[i], 1e-5, name + "[" + i + "] with offset " + offset);
            }
        });
    }

    @Test
    void the_reference_implementations_temperatures_are_offsets() {
        for (long seed = 1; seed <= 4; seed++) {
            GuideMatrix warm = guide(seed, Normalisation.TENSOR, new Shaping(Transform.NONE, 1, 0.5, 1, 0));
            GuideMatrix icy = guide(seed, Normalisation.TENSOR, new Shaping(Transform.NONE, 1, -1, 1, 0));
            GuideMatrix evaporating = guide(seed, Normalisation.TENSOR, new Shaping(Transform.NONE, 1, 0.8, 1.25, 0));
            for (String name : warm.normalised().keySet()) {
                float[] n = flat(warm.normalised().get(name));
                float[] w = flat(warm.values().get(name));
                float[] i = flat(icy.values().get(name));
                float[] e = flat(evaporating.values().get(name));
                for (int k = 0; k < n.length; k++) {
                    // guided_transfer_learning's Temp.WARM: 0.5·n + (max − min)/2, ICY: max(0, 2·(n − (max − min)/2)),
                    // EVAPORATING: 0.25·n + (max − min), on zero-enforced normalised values (max − min = 1)
                    assertEquals(0.5 * n[k] + 0.5, w[k], 1e-6, "warm");
                    assertEquals(Math.max(0, 2 * (n[k] - 0.5)), i[k], 1e-6, "icy");
                    assertEquals(0.25 * n[k] + 1, e[k], 1e-6, "evaporating");
                }
            }
        }
    }

    @Test
    void a_floor_lets_weights_no_scout_moved_train_at_the_offset() {
        GuideMatrix guide = guide(3, Normalisation.TENSOR, new Shaping(Transform.NONE, 1, 0.2, 1, 0));
        float[] n = flat(guide.normalised().get("body-0_W"));
        float[] g = flat(guide.values().get("body-0_W"));
        int zeros = 0;
        for (int i = 0; i < n.length; i++) {
            if (n[i] == 0) {
                zeros++;
                assertEquals(0.2f, g[i], 1e-6f);
            }
            assertTrue(g[i] >= 0.2f - 1e-6f && g[i] <= 1f + 1e-6f, "in [offset, 1]: " + g[i]);
        }
        assertTrue(zeros > 0, "the seeded deltas hold zeros");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.25, 0.5, 2, 3})
    void power_raises_each_normalised_value_and_keeps_zero_one_and_order(double power) {
        GuideMatrix guide = guide(11, Normalisation.GLOBAL, new Shaping(Transform.POWER, power, 0, 1, 0));
        guide.normalised().forEach((name, n) -> {
            float[] normalised = flat(n);
            float[] values = flat(guide.values().get(name));
            for (int i = 0; i < normalised.length; i++) {
                assertEquals(Math.pow(normalised[i], power), values[i], 1e-5, name + "[" + i + "]");
            }
        });
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25})
    void rank_keeps_the_order_of_raw_values_sends_the_least_to_zero_and_the_largest_to_one(long seed) {
        for (Normalisation normalisation : Normalisation.values()) {
            GuideMatrix guide = guide(seed, normalisation, new Shaping(Transform.RANK, 1, 0, 1, 0));
            List<Map<String, INDArray>> p = scoutsAndStart(seed);
            List<float[]> groups = normalisation == Normalisation.TENSOR
                    ? List.of(flat(guide.values().get("body-0_W")), flat(guide.values().get("body-0_b")))
                    : List.of(concat(flat(guide.values().get("body-0_W")), flat(guide.values().get("body-0_b"))));
            List<float[]> raws = normalisation == Normalisation.TENSOR
                    ? List.of(squared(p.get(1).get("body-0_W")), squared(p.get(1).get("body-0_b")))
                    : List.of(concat(squared(p.get(1).get("body-0_W")), squared(p.get(1).get("body-0_b"))));
            for (int gi = 0; gi < groups.size(); gi++) {
                float[] rank = groups.get(gi);
                float[] raw = raws.get(gi);
                float min = Float.MAX_VALUE;
                float max = -Float.MAX_VALUE;
                for (float r : rank) {
                    min = Math.min(min, r);
                    max = Math.max(max, r);
                }
                assertEquals(0f, min, normalisation + " least");
                assertEquals(1f, max, normalisation + " largest");
                for (int i = 0; i < raw.length; i++) {
                    for (int j = 0; j < raw.length; j++) {
                        if (raw[i] < raw[j]) {
                            assertTrue(rank[i] < rank[j], normalisation + ": order of " + i + " and " + j);
                        } else if (raw[i] == raw[j]) {
                            assertEquals(rank[i], rank[j], normalisation + ": ties share a rank");
                        }
                    }
                }
            }
        }
    }

    @Test
    void rank_is_the_count_of_smaller_values_over_the_count_below_the_largest() {
        // squared deltas: W [[0, 1], [4, 4]], b [[9, 0]] → per tensor W ranks 0, 1/2, 1, 1; b 1, 0
        Map<String, INDArray> start = new LinkedHashMap<>();
        start.put("body-0_W", Nd4j.zeros(DataType.FLOAT, 2, 2));
        start.put("body-0_b", Nd4j.zeros(DataType.FLOAT, 1, 2));
        Map<String, INDArray> scout = new LinkedHashMap<>();
        scout.put("body-0_W", Nd4j.create(new float[][] {{0, 1}, {-2, 2}}));
        scout.put("body-0_b", Nd4j.create(new float[][] {{3, 0}}));
        GuideMatrix perTensor = GuideMatrix.fromScouts(start, List.of(scout), Distance.SQUARED, Normalisation.TENSOR,
                new Shaping(Transform.RANK, 1, 0, 1, 0));
        assertArrayEquals(new float[] {0, 0.5f, 1, 1}, flat(perTensor.values().get("body-0_W")), 1e-6f);
        assertArrayEquals(new float[] {1, 0}, flat(perTensor.values().get("body-0_b")), 1e-6f);
        // globally the six values 0, 1, 4, 4, 9, 0: two zeros below 1, three values below 4, five below 9
        GuideMatrix global = GuideMatrix.fromScouts(start, List.of(scout), Distance.SQUARED, Normalisation.GLOBAL,
                new Shaping(Transform.RANK, 1, 0, 1, 0));
        assertArrayEquals(new float[] {0, 0.4f, 0.6f, 0.6f}, flat(global.values().get("body-0_W")), 1e-6f);
        assertArrayEquals(new float[] {1, 0}, flat(global.values().get("body-0_b")), 1e-6f);
    }

    @Test
    void rank_makes_squared_and_absolute_distances_agree() {
        for (long seed = 31; seed <= 35; seed++) {
            List<Map<String, INDArray>> p = scoutsAndStart(seed);
            Shaping rank = new Shaping(Transform.RANK, 1, 0, 1, 0);
            GuideMatrix squared = GuideMatrix.fromScouts(p.get(0), List.of(p.get(1)), Distance.SQUARED, Normalisation.TENSOR, rank);
            GuideMatrix absolute = GuideMatrix.fromScouts(p.get(0), List.of(p.get(1)), Distance.ABSOLUTE, Normalisation.TENSOR, rank);
            assertEquals(squared.values(), absolute.values(), "seed " + seed);
        }
    }

    @Test
    void the_shaping_survives_save_load_and_a_rescale(@TempDir Path dir) throws Exception {
        GuideMatrix guide = guide(5, Normalisation.TENSOR, new Shaping(Transform.POWER, 0.5, 0.25, 2, 0.6));
        Path file = dir.resolve("guide.npz");
        guide.save(file);

        GuideMatrix loaded = GuideMatrix.load(file);

        assertEquals(guide.shaping(), loaded.shaping());
        assertEquals(guide.values(), loaded.values());
        GuideMatrix rescaled = loaded.withScale(1);
        assertEquals(new Shaping(Transform.POWER, 0.5, 0.25, 1, 0.6), rescaled.shaping());
        rescaled.normalised().forEach((name, n) -> {
            float[] normalised = flat(n);
            float[] values = flat(rescaled.values().get(name));
            for (int i = 0; i < normalised.length; i++) {
                double g = 0.25 + 0.75 * Math.sqrt(normalised[i]);
                assertEquals(g >= 0.6 ? g : 0, values[i], 1e-5);
            }
        });
    }

    @Test
    void a_guide_saved_before_the_shaping_options_loads_unshaped(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("old.npz");
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("guide.json"));
            zip.write("""
                    {"format":"transferlab-guide/1","distance":"squared","normalise":"tensor","scale":2.0,"sparsify":0.0,
                     "scouts":3,"parameters":["body-0_b"]}""".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("body-0_b.npy"));
            NpyArrays.write(Nd4j.create(new float[] {0, 0.5f, 1}, new long[] {1, 3}, 'c'), zip);
            zip.closeEntry();
        }

        GuideMatrix old = GuideMatrix.load(file);

        assertEquals(new Shaping(Transform.NONE, 1, 0, 2, 0), old.shaping());
        assertArrayEquals(new float[] {0, 1, 2}, flat(old.values().get("body-0_b")), 1e-6f);
    }

    @Test
    void shaping_outside_its_ranges_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new Shaping(Transform.NONE, 1, 1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Shaping(Transform.NONE, 1, -1.5, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Shaping(Transform.POWER, 0, 0, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Transform.parse("log"));
    }

    private static float[] squared(INDArray delta) {
        float[] d = flat(delta);
        for (int i = 0; i < d.length; i++) {
            d[i] = d[i] * d[i];
        }
        return d;
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = new float[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
