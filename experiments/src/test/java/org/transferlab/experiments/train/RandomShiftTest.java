package org.transferlab.experiments.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomShiftTest {

    /** 10×10 images, each with one lit pixel at (5, 5): where it lands is the shift. */
    private static INDArray dots(int n) {
        INDArray images = Nd4j.zeros(DataType.FLOAT, n, 100);
        for (int i = 0; i < n; i++) {
            images.putScalar(i, 55, 1f);
        }
        return images;
    }

    @Test
    void each_image_moves_by_whole_pixels_within_the_bound_and_the_shifts_vary() {
        INDArray shifted = new RandomShift(10, 10, 2).apply(dots(200), new Random(5));

        Set<Integer> offsets = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            INDArray row = shifted.getRow(i);
            assertEquals(1.0, row.sumNumber().doubleValue(), 0.0, "the dot survives a shift of at most 2");
            int at = row.argMax().getInt(0);
            int dy = at / 10 - 5;
            int dx = at % 10 - 5;
            assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "shift (" + dx + ", " + dy + ")");
            offsets.add(dy * 10 + dx);
        }
        assertEquals(25, offsets.size(), "every shift in [-2, 2]² occurs in 200 draws");
    }

    @Test
    void pixels_shifted_in_from_outside_are_background_and_the_draw_is_seeded() {
        INDArray full = Nd4j.ones(DataType.FLOAT, 50, 100);
        RandomShift shift = new RandomShift(10, 10, 3);

        INDArray shifted = shift.apply(full, new Random(9));

        assertTrue(shifted.sumNumber().doubleValue() < 50 * 100, "some rows or columns came in empty");
        assertEquals(shifted, shift.apply(full, new Random(9)));
        assertNotEquals(shifted, shift.apply(full, new Random(10)));
        assertEquals(dots(1), new RandomShift(10, 10, 0).apply(dots(1), new Random(1)), "no jitter, no change");
    }
}
