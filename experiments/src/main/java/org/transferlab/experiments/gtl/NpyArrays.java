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
 * guide matrix written here opens with {@code numpy.load} as well as with {@link #read}. Reads only
 * what it writes: any other dtype or order is a clear error.
 */
final class NpyArrays {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f4', 'fortran_order': False, 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private NpyArrays() {}

    static void write(INDArray array, OutputStream out) throws IOException {
        long[] shape = array.shape();
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        if (shape.length > 1) {
            dims.setLength(dims.length() - 2);
        }
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
        // magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, ending in \n.
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        ByteBuffer prefix = ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN);
        prefix.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.write(prefix.array());
        out.write(header.getBytes(StandardCharsets.US_ASCII));
        float[] values = array.castTo(DataType.FLOAT).dup('c').data().asFloat();
        ByteBuffer data = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(values);
        out.write(data.array());
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
