package org.transferlab.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class PatchMaskTest {

    private static final int SIDE = 28;

    /** Images of random pixels in [0, 1), a tenth of them exactly 0 (background). */
    private static INDArray images(int n, long seed) {
        INDArray images = Nd4j.rand(DataType.FLOAT, n, SIDE * SIDE);
        Random random = new Random(seed);
        for (int i = 0; i < n * SIDE * SIDE / 10; i++) {
            images.putScalar(random.nextInt(n), random.nextInt(SIDE * SIDE), 0f);
        }
        return images;
    }

    @Test
    void hidden_pixels_are_whole_aligned_square_patches_and_exactly_the_ratio_of_them() {
        PatchMask mask = new PatchMask(SIDE, SIDE, 4, 0.6, -1.0);
        assertEquals(49, mask.patches());
        assertEquals(29, mask.hiddenPatches(), "round(0.6 × 49)");

        Corruption.Corrupted corrupted = mask.apply(images(5, 1), new Random(7));

        for (int row = 0; row < 5; row++) {
            INDArray hidden = corrupted.lossMask().getRow(row);
            int hiddenPatches = 0;
            for (int py = 0; py < 7; py++) {
                for (int px = 0; px < 7; px++) {
                    double sum = 0;
                    for (int y = py * 4; y < py * 4 + 4; y++) {
                        for (int x = px * 4; x < px * 4 + 4; x++) {
                            sum += hidden.getDouble(y * SIDE + x);
                        }
                    }
                    assertTrue(sum == 0 || sum == 16, "patch (" + py + "," + px + ") of example " + row
                            + " is all hidden or all shown, had " + sum + " of 16 pixels hidden");
                    hiddenPatches += sum == 16 ? 1 : 0;
                }
            }
            assertEquals(29, hiddenPatches, "example " + row);
            assertEquals(29 * 16, hidden.sumNumber().intValue());
        }
    }

    @Test
    void patches_are_clipped_at_the_edges_when_the_size_does_not_divide_the_image() {
        PatchMask mask = new PatchMask(SIDE, SIDE, 5, 0.5, -1.0);
        assertEquals(36, mask.patches(), "6 × 6 patches, the last row and column 3 pixels wide");

        INDArray hidden = mask.apply(images(50, 2), new Random(3)).lossMask();

        double hiddenShare = hidden.meanNumber().doubleValue();
        assertTrue(Math.abs(hiddenShare - 0.5) < 0.05, "half the patches, about half the pixels: " + hiddenShare);
    }

    @Test
    void hidden_pixels_carry_the_mask_value_not_the_background_and_shown_pixels_are_untouched() {
        INDArray images = images(4, 3);
        INDArray before = images.dup();
        Corruption.Corrupted corrupted = new PatchMask(SIDE, SIDE, 7, 0.5, -1.0).apply(images, new Random(11));

        INDArray hidden = corrupted.lossMask();
        INDArray inputs = corrupted.inputs();
        for (int row = 0; row < 4; row++) {
            for (int i = 0; i < SIDE * SIDE; i++) {
                double expected = hidden.getDouble(row, i) == 1 ? -1.0 : images.getDouble(row, i);
                assertEquals(expected, inputs.getDouble(row, i), 0.0, "example " + row + " pixel " + i);
            }
        }
        assertEquals(before, images, "the input is left alone");
        assertTrue(inputs.eq(0f).castTo(DataType.INT).sumNumber().intValue() > 0, "background zeros remain where shown");
    }

    @Test
    void the_same_seed_hides_the_same_patches_and_another_seed_others() {
        PatchMask mask = new PatchMask(SIDE, SIDE, 4, 0.5, -1.0);
        INDArray images = images(3, 4);

        INDArray first = mask.apply(images, new Random(42)).lossMask();

        assertEquals(first, mask.apply(images, new Random(42)).lossMask());
        assertNotEquals(first, mask.apply(images, new Random(43)).lossMask());
        assertNotEquals(first.getRow(0), first.getRow(1), "each example draws its own patches");
    }

    @Test
    void a_ratio_that_hides_no_patch_or_every_patch_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new PatchMask(8, 8, 4, 0.1, -1.0), "round(0.1 × 4) = 0");
        assertThrows(IllegalArgumentException.class, () -> new PatchMask(8, 8, 4, 0.9, -1.0), "round(0.9 × 4) = 4");
        assertThrows(IllegalArgumentException.class, () -> new PatchMask(8, 8, 9, 0.5, -1.0));
    }
}
