package org.transferlab.protocol.data;

import java.util.Objects;

/**
 * Images as an IDX file holds them: {@code count} images of {@code rows × cols} unsigned bytes,
 * row-major, one after another. The pixel array is never copied and must not be modified.
 */
public record IdxImages(int count, int rows, int cols, byte[] pixels) {

    public IdxImages {
        Objects.requireNonNull(pixels, "pixels");
        if (count < 0 || rows <= 0 || cols <= 0) {
            throw new IllegalArgumentException("bad IDX image shape " + count + "x" + rows + "x" + cols);
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException("pixel array holds " + pixels.length + " bytes, shape needs "
                    + ((long) count * rows * cols));
        }
    }

    public int pixelsPerImage() {
        return rows * cols;
    }

    /** The pixel of image {@code image} at flat position {@code offset}, as 0..255. */
    public int pixel(int image, int offset) {
        return pixels[image * pixelsPerImage() + offset] & 0xff;
    }
}
