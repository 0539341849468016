package org.transferlab.protocol.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The names, element types and shapes of an ONNX model's initializers (the weights
 * {@code torch.onnx.export} stores under their {@code state_dict} names), read straight from the
 * protobuf wire format so the orchestrator can check a body against the declared network at
 * submission without ND4J.
 *
 * <p>Why a reader of its own: the ONNX protobuf classes that {@code samediff-import-onnx} reads
 * with (package {@code onnx}) ship inside {@code nd4j-api} (7.1 MB) on ND4J's shaded protobuf
 * (4.5 MB), which neither the orchestrator nor this module (the dashboard loads it too) may carry;
 * generating classes of our own from {@code onnx.proto} would need {@code protoc} and
 * {@code protobuf-java} (1.6 MB) for the handful of fields read here: {@code ModelProto.graph} (7),
 * {@code GraphProto.node} (1) and {@code initializer} (5), {@code TensorProto.dims} (1),
 * {@code data_type} (2), {@code name} (8), {@code data_location} (14) and the sizes of its data
 * fields, {@code NodeProto.input} (1), {@code output} (2) and {@code op_type} (4). Values are skipped
 * unread; the worker reads them with ND4J's classes ({@code experiments.checkpoint.OnnxInitializers}),
 * and a test holds both readers to the same names and shapes on every fixture.
 *
 * <p>Like the worker it follows {@code Identity} nodes that forward an initializer: the exporter
 * stores two tensors of equal values once and names the second through such a node (a fresh batch
 * norm's {@code running_var} is its {@code weight}, all ones).
 */
public final class OnnxShapes {

    /** One initializer: its name, its element type as {@link TensorFiles} writes dtypes ({@code f4}, {@code i8}, …), its dims. */
    public record Initializer(String name, String dtype, long[] shape) {}

    private OnnxShapes() {}

    /** ONNX's {@code TensorProto.DataType} codes read here → dtype and byte width. */
    static String dtype(int dataType) {
        return switch (dataType) {
            case 1 -> "f4";
            case 10 -> "f2";
            case 11 -> "f8";
            case 6 -> "i4";
            case 7 -> "i8";
            default -> null;
        };
    }

    /** Every initializer of {@code file}, by name, in file order, then the names {@code Identity} nodes give them. */
    public static Map<String, Initializer> read(Path file) throws IOException {
        ByteBuffer bytes;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IOException(file + " is over 2 GB: an ONNX file cannot be (larger models keep their weights as external data)");
            }
            bytes = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size());
        }
        Wire model = new Wire(bytes, 0, bytes.limit(), file);
        List<Wire> graphs = new ArrayList<>();
        while (model.more()) {
            long tag = model.varint();
            if (tag == (7 << 3 | 2)) {
                graphs.add(model.message());
            } else {
                model.skip(tag);
            }
        }
        if (graphs.isEmpty()) {
            throw new IOException(file + " is not an ONNX model: it holds no graph");
        }
        Map<String, Initializer> initializers = new LinkedHashMap<>();
        List<String[]> identities = new ArrayList<>();
        for (Wire graph : graphs) {
            while (graph.more()) {
                long tag = graph.varint();
                if (tag == (5 << 3 | 2)) {
                    Initializer tensor = initializer(graph.message(), file);
                    initializers.put(tensor.name(), tensor);
                } else if (tag == (1 << 3 | 2)) {
                    String[] identity = identity(graph.message());
                    if (identity != null) {
                        identities.add(identity);
                    }
                } else {
                    graph.skip(tag);
                }
            }
        }
        if (initializers.isEmpty()) {
            throw new IOException(file + " holds no initializers: export the model with its weights (torch.onnx.export(..., export_params=True))");
        }
        // ONNX nodes are in topological order, so one pass follows chains of Identity nodes too.
        for (String[] identity : identities) {
            Initializer source = initializers.get(identity[0]);
            if (source != null && !initializers.containsKey(identity[1])) {
                initializers.put(identity[1], new Initializer(identity[1], source.dtype(), source.shape()));
            }
        }
        return initializers;
    }

    private static Initializer initializer(Wire tensor, Path file) throws IOException {
        List<Long> dims = new ArrayList<>();
        int dataType = 0;
        String name = "";
        boolean external = false;
        long rawBytes = 0;
        long stored = 0;
        while (tensor.more()) {
            long tag = tensor.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 0) {
                dims.add(tensor.varint());
            } else if (field == 1 && wire == 2) {
                Wire packed = tensor.message();
                while (packed.more()) {
                    dims.add(packed.varint());
                }
            } else if (field == 2 && wire == 0) {
                dataType = (int) tensor.varint();
            } else if (field == 8 && wire == 2) {
                name = tensor.string();
            } else if (field == 14 && wire == 0) {
                external = tensor.varint() == 1;
            } else if (field == 9 && wire == 2) {
                rawBytes += tensor.message().length();
            } else if ((field == 4 || field == 5) && wire == 2) {
                // float_data, int32_data (float16 bits too): packed
                Wire packed = tensor.message();
                stored += field == 4 ? packed.length() / 4 : packed.countVarints();
            } else if ((field == 7 || field == 10) && wire == 2) {
                // int64_data (varints), double_data (8 bytes each): packed
                Wire packed = tensor.message();
                stored += field == 10 ? packed.length() / 8 : packed.countVarints();
            } else if ((field == 4 || field == 5 || field == 7 || field == 10) && wire != 2) {
                tensor.skip(tag);
                stored++;
            } else {
                tensor.skip(tag);
            }
        }
        long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
        String where = file + " initializer " + (name.isEmpty() ? "(unnamed)" : name);
        String dtype = dtype(dataType);
        if (dtype == null) {
            throw new IOException(where + ": ONNX data type " + dataType
                    + " is not read (FLOAT, DOUBLE, FLOAT16, INT32, INT64)");
        }
        if (external) {
            throw new IOException(where + ": its data is kept outside the file (ONNX external data, for models over 2 GB);"
                    + " only weights inside the .onnx file are read");
        }
        long count = 1;
        for (long d : shape) {
            count = d < 0 ? -1 : count * d;
        }
        long found = rawBytes > 0 ? rawBytes / Integer.parseInt(dtype.substring(1)) : stored;
        if (count < 0 || found != count || (rawBytes > 0 && rawBytes % Integer.parseInt(dtype.substring(1)) != 0)) {
            throw new IOException(where + ": holds " + (rawBytes > 0 ? rawBytes + " bytes" : stored + " values")
                    + ", not the " + count + " values of dtype " + dtype + " its shape " + Arrays.toString(shape) + " needs");
        }
        return new Initializer(name, dtype, shape);
    }

    /** {input, output} of an Identity node with one of each; null for any other node. */
    private static String[] identity(Wire node) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String op = "";
        while (node.more()) {
            long tag = node.varint();
            if (tag == (1 << 3 | 2)) {
                inputs.add(node.string());
            } else if (tag == (2 << 3 | 2)) {
                outputs.add(node.string());
            } else if (tag == (4 << 3 | 2)) {
                op = node.string();
            } else {
                node.skip(tag);
            }
        }
        return op.equals("Identity") && inputs.size() == 1 && outputs.size() == 1 ? new String[] {inputs.get(0), outputs.get(0)} : null;
    }

    /** A protobuf message's bytes [{@code at}, {@code end}) and a cursor over its fields. */
    private static final class Wire {
        private final ByteBuffer bytes;
        private final int end;
        private final Path file;
        private int at;

        Wire(ByteBuffer bytes, int at, int end, Path file) {
            this.bytes = bytes;
            this.at = at;
            this.end = end;
            this.file = file;
        }

        boolean more() {
            return at < end;
        }

        int length() {
            return end - at;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (at >= end) {
                    throw broken();
                }
                byte b = bytes.get(at++);
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw broken();
        }

        /** The length-delimited field at the cursor, as a message of its own; the cursor moves past it. */
        Wire message() throws IOException {
            long length = varint();
            if (length < 0 || length > end - at) {
                throw broken();
            }
            Wire inner = new Wire(bytes, at, at + (int) length, file);
            at += (int) length;
            return inner;
        }

        String string() throws IOException {
            Wire text = message();
            byte[] chars = new byte[text.length()];
            bytes.get(text.at, chars);
            return new String(chars, StandardCharsets.UTF_8);
        }

        int countVarints() {
            int n = 0;
            for (int i = at; i < end; i++) {
                if (bytes.get(i) >= 0) {
                    n++;
                }
            }
            return n;
        }

        void skip(long tag) throws IOException {
            switch ((int) (tag & 7)) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> message();
                case 5 -> advance(4);
                default -> throw broken();
            }
        }

        private void advance(int n) throws IOException {
            if (n > end - at) {
                throw broken();
            }
            at += n;
        }

        private IOException broken() {
            return new IOException(file + " is not an ONNX model, or is truncated: its protobuf data breaks off at byte " + at);
        }
    }
}
