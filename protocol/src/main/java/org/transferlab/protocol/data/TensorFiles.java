package org.transferlab.protocol.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Named tensors from the files PyTorch users save a {@code state_dict} to, read here without a
 * Python runtime: NumPy's {@code .npz} (a zip of {@code .npy} arrays, as {@code numpy.savez} writes
 * it) and safetensors (an 8-byte little-endian header length, a JSON header giving each tensor's
 * dtype, shape and byte range, then the raw little-endian data). Floats (32 and 64 bit, and 16 bit
 * halves) and integers (class labels, batch norm's {@code num_batches_tracked}) are read as float. Anything the reader cannot vouch for (Fortran order, big-endian data, a
 * length that does not match the shape) fails with the file and tensor named.
 */
public final class TensorFiles {

    /** One tensor: its shape and its values in C order as floats (integers up to 2^24 exactly, as class labels are). */
    public record Tensor(String name, String dtype, long[] shape, float[] values) {
        public boolean floating() {
            return dtype.startsWith("f");
        }

        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    private static final byte[] NPY_MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([<>|=]?)([a-z])(\\d+)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([0-9, ]*)\\)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private TensorFiles() {}

    /** Every tensor of an {@code .npz} file, by name (the entry name without {@code .npy}), in file order. */
    public static Map<String, Tensor> readNpz(Path file) throws IOException {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(".npy")) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - 4);
                try (InputStream in = zip.getInputStream(entry)) {
                    tensors.put(name, readNpy(in, name, file + "!" + entry.getName()));
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(file + " is not an .npz file (a zip of .npy arrays): " + e.getMessage(), e);
        }
        return tensors;
    }

    /** One {@code .npy} array (format versions 1 to 3, C order, little-endian or single-byte types). */
    public static Tensor readNpy(InputStream stream, String name, String source) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        byte[] magic = new byte[6];
        in.readFully(magic);
        if (!Arrays.equals(magic, NPY_MAGIC)) {
            throw new IOException(source + " is not a .npy array");
        }
        int major = in.readUnsignedByte();
        in.readUnsignedByte();
        long headerLength = major == 1
                ? Short.toUnsignedInt(Short.reverseBytes(in.readShort()))
                : Integer.toUnsignedLong(Integer.reverseBytes(in.readInt()));
        if (headerLength > 1 << 20) {
            throw new IOException(source + ": a .npy header of " + headerLength + " bytes is not plausible");
        }
        byte[] header = new byte[(int) headerLength];
        in.readFully(header);
        String text = new String(header, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        Matcher descr = DESCR.matcher(text);
        Matcher fortran = FORTRAN.matcher(text);
        Matcher shapeText = SHAPE.matcher(text);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new IOException(source + ": unreadable .npy header " + text.strip());
        }
        if (fortran.group(1).equals("True")) {
            throw new IOException(source + ": Fortran-order arrays are not read; save with numpy.ascontiguousarray");
        }
        if (descr.group(1).equals(">") && !descr.group(3).equals("1")) {
            throw new IOException(source + ": big-endian arrays are not read");
        }
        long[] shape = parseShape(shapeText.group(1));
        String dtype = descr.group(2) + descr.group(3);
        int width = Integer.parseInt(descr.group(3));
        long count = count(shape);
        byte[] data = readExactly(in, count * width, source);
        return tensor(name, dtype, shape, data, source);
    }

    /** Every tensor of a safetensors file, by name, in header order; {@code __metadata__} is skipped. */
    public static Map<String, Tensor> readSafetensors(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0, file);
            long headerLength = lengthBytes.flip().getLong();
            if (headerLength <= 0 || headerLength > Math.min(size - 8, 100L << 20)) {
                throw new IOException(file + " is not a safetensors file: its header length " + headerLength
                        + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
            readFully(channel, headerBytes, 8, file);
            JsonNode header;
            try {
                header = JSON.readTree(new String(headerBytes.array(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(file + " is not a safetensors file: its header is not JSON", e);
            }
            long dataStart = 8 + headerLength;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> fields = header.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String name = field.getKey();
                if (name.equals("__metadata__")) {
                    continue;
                }
                JsonNode info = field.getValue();
                String source = file + " tensor " + name;
                String dtype = switch (info.path("dtype").asText()) {
                    case "F32" -> "f4";
                    case "F64" -> "f8";
                    case "F16" -> "f2";
                    case "I64" -> "i8";
                    case "I32" -> "i4";
                    default -> throw new IOException(source + ": dtype " + info.path("dtype").asText()
                            + " is not read (F32, F64, F16, or integers that are skipped)");
                };
                List<Long> dims = new ArrayList<>();
                info.path("shape").forEach(d -> dims.add(d.asLong()));
                long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
                long begin = info.path("data_offsets").path(0).asLong(-1);
                long end = info.path("data_offsets").path(1).asLong(-1);
                long expected = count(shape) * Integer.parseInt(dtype.substring(1));
                if (begin < 0 || end - begin != expected || dataStart + end > size) {
                    throw new IOException(source + ": data_offsets [" + begin + ", " + end + "] do not hold " + expected
                            + " bytes of shape " + Arrays.toString(shape) + " within the file");
                }
                ByteBuffer data = ByteBuffer.allocate((int) expected);
                readFully(channel, data, dataStart + begin, file);
                tensors.put(name, tensor(name, dtype, shape, data.array(), source));
            }
            return tensors;
        }
    }

    private static Tensor tensor(String name, String dtype, long[] shape, byte[] data, String source) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(data).order(ByteOrder.LITTLE_ENDIAN);
        int count = (int) count(shape);
        float[] values = switch (dtype) {
            case "f4" -> {
                float[] v = new float[count];
                buffer.asFloatBuffer().get(v);
                yield v;
            }
            case "f8" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = (float) buffer.getDouble();
                }
                yield v;
            }
            case "f2" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = Float.float16ToFloat(buffer.getShort());
                }
                yield v;
            }
            case "i1", "u1", "b1" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = dtype.equals("i1") ? buffer.get() : buffer.get() & 0xff;
                }
                yield v;
            }
            case "i2", "u2" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = dtype.equals("i2") ? buffer.getShort() : buffer.getShort() & 0xffff;
                }
                yield v;
            }
            case "i4", "u4" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = dtype.equals("i4") ? buffer.getInt() : Integer.toUnsignedLong(buffer.getInt());
                }
                yield v;
            }
            case "i8", "u8" -> {
                float[] v = new float[count];
                for (int i = 0; i < count; i++) {
                    v[i] = buffer.getLong();
                }
                yield v;
            }
            default -> throw new IOException(source + ": dtype " + dtype + " is not read");
        };
        return new Tensor(name, dtype, shape, values);
    }

    private static long[] parseShape(String text) {
        return Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    }

    private static long count(long[] shape) throws IOException {
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > Integer.MAX_VALUE / d)) {
                throw new IOException("tensor shape " + Arrays.toString(shape) + " is too large");
            }
            n *= d;
        }
        return n;
    }

    private static byte[] readExactly(InputStream in, long length, String source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) length);
        byte[] buffer = new byte[8192];
        long left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException(source + ": the data ends after " + (length - left) + " of " + length + " bytes");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
        if (in.read() >= 0) {
            throw new IOException(source + ": more data than its shape holds");
        }
        return out.toByteArray();
    }

    private static void readFully(FileChannel channel, ByteBuffer target, long position, Path file) throws IOException {
        long at = position;
        while (target.hasRemaining()) {
            int read = channel.read(target, at);
            if (read < 0) {
                throw new IOException(file + " ends early (truncated?)");
            }
            at += read;
        }
    }
}
