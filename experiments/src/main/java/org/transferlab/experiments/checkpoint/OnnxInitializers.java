package org.transferlab.experiments.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import onnx.Onnx;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;
import org.transferlab.protocol.data.TensorFiles;

/**
 * The initializers of an ONNX model (a body exported with {@code torch.onnx.export}) as named
 * tensors, ready for the same name-by-name mapping as a {@code state_dict}.
 *
 * <p>It parses the file with the ONNX protobuf classes that ND4J ships in {@code nd4j-api}
 * (package {@code onnx}), the ones {@code samediff-import-onnx} reads models with. The importer
 * itself is not used: it rebuilds an ONNX graph as a SameDiff graph, while TransferLab trains the
 * network the spec declares and needs only its weights; and with its native libraries for every
 * platform (TensorFlow, onnxruntime, MKL-DNN) its dependencies add 469 MB to the lab's libraries.
 *
 * <p>Values come from {@code raw_data} (little-endian) or from the typed fields ({@code float_data},
 * {@code double_data}, {@code int32_data} holding float16 bits or int32s, {@code int64_data}).
 * {@code Identity} nodes that forward an initializer give it a second name, as
 * {@code protocol.data.OnnxShapes} does on the orchestrator, which checks the same names and shapes at submission.
 */
public final class OnnxInitializers {

    private OnnxInitializers() {}

    /** Every initializer of {@code file}, by name, in file order, then the names Identity nodes give them. */
    public static Map<String, TensorFiles.Tensor> read(Path file) throws IOException {
        Onnx.ModelProto model;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() > Integer.MAX_VALUE) {
                throw new IOException(file + " is over 2 GB: an ONNX file cannot be (larger models keep their weights as external data)");
            }
            model = Onnx.ModelProto.parseFrom(channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size()));
        } catch (InvalidProtocolBufferException e) {
            throw new IOException(file + " is not an ONNX model: " + e.getMessage(), e);
        }
        if (!model.hasGraph()) {
            throw new IOException(file + " is not an ONNX model: it holds no graph");
        }
        Map<String, TensorFiles.Tensor> tensors = new LinkedHashMap<>();
        for (Onnx.TensorProto initializer : model.getGraph().getInitializerList()) {
            tensors.put(initializer.getName(), tensor(initializer, file + " initializer " + initializer.getName()));
        }
        if (tensors.isEmpty()) {
            throw new IOException(file + " holds no initializers: export the model with its weights (torch.onnx.export(..., export_params=True))");
        }
        for (Onnx.NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("Identity") && node.getInputCount() == 1 && node.getOutputCount() == 1) {
                TensorFiles.Tensor source = tensors.get(node.getInput(0));
                String alias = node.getOutput(0);
                if (source != null && !tensors.containsKey(alias)) {
                    tensors.put(alias, new TensorFiles.Tensor(alias, source.dtype(), source.shape(), source.values()));
                }
            }
        }
        return tensors;
    }

    private static TensorFiles.Tensor tensor(Onnx.TensorProto proto, String where) throws IOException {
        long[] shape = proto.getDimsList().stream().mapToLong(Long::longValue).toArray();
        String dtype = dtypeOf(proto.getDataType());
        if (dtype == null) {
            throw new IOException(where + ": ONNX data type " + proto.getDataType() + " is not read (FLOAT, DOUBLE, FLOAT16, INT32, INT64)");
        }
        if (proto.getDataLocation() == Onnx.TensorProto.DataLocation.EXTERNAL) {
            throw new IOException(where + ": its data is kept outside the file (ONNX external data, for models over 2 GB);"
                    + " only weights inside the .onnx file are read");
        }
        long count = 1;
        for (long d : shape) {
            count = d < 0 || count * d > Integer.MAX_VALUE ? -1 : count * d;
        }
        int width = Integer.parseInt(dtype.substring(1));
        // slice: indices from 0 whatever part of the file the bytes alias; order after it, as slice() resets it
        ByteBuffer raw = proto.getRawData().asReadOnlyByteBuffer().slice().order(ByteOrder.LITTLE_ENDIAN);
        List<? extends Number> typed = switch (dtype) {
            case "f4" -> proto.getFloatDataList();
            case "f8" -> proto.getDoubleDataList();
            case "f2", "i4" -> proto.getInt32DataList();
            default -> proto.getInt64DataList();
        };
        long found = raw.hasRemaining() ? raw.remaining() / width : typed.size();
        if (count < 0 || found != count || raw.remaining() % width != 0) {
            throw new IOException(where + ": holds " + (raw.hasRemaining() ? raw.remaining() + " bytes" : typed.size() + " values")
                    + ", not the " + count + " values of dtype " + dtype + " its shape " + Arrays.toString(shape) + " needs");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = raw.hasRemaining() ? switch (dtype) {
                case "f4" -> raw.getFloat(i * 4);
                case "f8" -> (float) raw.getDouble(i * 8);
                case "f2" -> Float.float16ToFloat(raw.getShort(i * 2));
                case "i4" -> raw.getInt(i * 4);
                default -> raw.getLong(i * 8);
            } : switch (dtype) {
                case "f2" -> Float.float16ToFloat((short) typed.get(i).intValue());
                default -> typed.get(i).floatValue();
            };
        }
        return new TensorFiles.Tensor(proto.getName(), dtype, shape, values);
    }

    private static String dtypeOf(int dataType) {
        return switch (dataType) {
            case Onnx.TensorProto.DataType.FLOAT_VALUE -> "f4";
            case Onnx.TensorProto.DataType.DOUBLE_VALUE -> "f8";
            case Onnx.TensorProto.DataType.FLOAT16_VALUE -> "f2";
            case Onnx.TensorProto.DataType.INT32_VALUE -> "i4";
            case Onnx.TensorProto.DataType.INT64_VALUE -> "i8";
            default -> null;
        };
    }
}
