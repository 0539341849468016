package org.transferlab.experiments.gtl;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float arrays in NumPy's {@code .npy} format (version 1.0, little-endian float32, C order), so a
 * guide matrix written here opens with {@code numpy.load} as well as with {@link #read}.
 *
 * <p>Writing is ND4J's: {@link Nd4j#toNpyByteArray}, since {@code Nd4j.writeAsNumpy(array, out)}
 * closes the stream it is given, and a guide is a zip of several arrays. Reading stays here, because ND4J's reader
 * ({@code Nd4j.createNpyFromByteArray}, 1.0.0-M2.1) was measured to accept files it reads wrongly:
 * a Fortran-order file came back as if it were C order (element [0,1] of numpy's
 * {@code asfortranarray(arange(12).reshape(3,4))} read as 4.0, not 1.0), and a file cut in half
 * came back full-sized, read past its end (sum NaN) instead of failing. This reader checks the
 * header and the length and rejects anything but what {@link #write} produces, with the file named.
 */
final class NpyArrays {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private NpyArrays() {}

    static void write(INDArray array, OutputStream out) throws IOException {
        // ND4J writes an array's backing buffer under a C-order header: a view, or an 'f'-ordered
        // array, came out with the wrong values (measured), so it gets a C-ordered float copy first.
        out.write(Nd4j.toNpyByteArray(array.castTo(DataType.FLOAT).dup('c')));
    }

    static INDArray read(InputStream in, String source) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] prefix = new byte[10];
        data.readFully(prefix);
        if (!Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC) || prefix[6] != 1) {
            throw new IOException(source + ": not a version 1 .npy array");
        }
        int headerLength = ByteBuffer.wrap(prefix, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort() & 0xffff;
        byte[] header = new byte[headerLength];
        data.readFully(header);
        Matcher m = HEADER.matcher(new String(header, StandardCharsets.US_ASCII));
        if (!m.matches()) {
            throw new IOException(source + ": only little-endian float32 C-order arrays are supported");
        }
        long[] shape = Arrays.stream(m.group(1).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        ByteArrayOutputStream rest = new ByteArrayOutputStream();
        data.transferTo(rest);
        byte[] bytes = rest.toByteArray();
        if (bytes.length != count * Float.BYTES) {
            throw new IOException(source + ": expected " + count + " floats, found " + bytes.length + " bytes");
        }
        float[] values = new float[(int) count];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return Nd4j.create(values, shape, 'c');
    }
}
