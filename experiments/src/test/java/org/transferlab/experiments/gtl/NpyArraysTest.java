package org.transferlab.experiments.gtl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.transferlab.experiments.gtl.GuideMatrix.Distance;
import org.transferlab.experiments.gtl.GuideMatrix.Normalisation;

/**
 * The guide's arrays in NumPy's {@code .npy} format: NumPy itself reads what is written, views and
 * Fortran-ordered arrays included, and files this reader would get wrong are refused by name.
 */
class NpyArraysTest {

    /** Arrays ND4J's own writer gets wrong unless they are copied to C order first (measured). */
    private static Map<String, INDArray> awkwardArrays() {
        INDArray big = Nd4j.arange(40).castTo(DataType.FLOAT).reshape(5, 8);
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("matrix", big);
        arrays.put("view", big.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 5)));
        arrays.put("fortran", big.dup('f'));
        arrays.put("row", Nd4j.create(new float[][] {{0.25f, -1.5f, 3f}}));
        arrays.put("doubles", Nd4j.create(new double[] {0.1, 0.2, 0.3}, 3));
        return arrays;
    }

    @Test
    void what_is_written_reads_back_with_the_same_shape_and_values() throws Exception {
        for (var entry : awkwardArrays().entrySet()) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            NpyArrays.write(entry.getValue(), out);
            INDArray read = NpyArrays.read(new ByteArrayInputStream(out.toByteArray()), entry.getKey());
            assertArrayEquals(entry.getValue().shape(), read.shape(), entry.getKey());
            assertEquals(entry.getValue().castTo(DataType.FLOAT), read, entry.getKey());
        }
    }

    @Test
    void numpy_loads_each_array_and_the_saved_guide_with_the_values_written(@TempDir Path dir) throws Exception {
        requireNumpy();
        Map<String, INDArray> arrays = awkwardArrays();
        List<String> args = new ArrayList<>();
        for (var entry : arrays.entrySet()) {
            Path file = dir.resolve(entry.getKey() + ".npy");
            try (OutputStream out = Files.newOutputStream(file)) {
                NpyArrays.write(entry.getValue(), out);
            }
            args.add(file.toString());
        }
        GuideMatrix guide = GuideMatrix.fromScouts(Map.of("0_W", Nd4j.zeros(DataType.FLOAT, 2, 3)),
                List.of(Map.of("0_W", Nd4j.create(new float[][] {{1, 2, 0}, {0, -1, 4}}))), Distance.ABSOLUTE,
                Normalisation.TENSOR, 1.0, 0.0);
        Path guideFile = dir.resolve("guide.npz");
        guide.save(guideFile);

        JsonNode loaded = numpy("""
                import json, sys, numpy as np
                out = {}
                for path in sys.argv[1:-1]:
                    a = np.load(path)
                    out[path] = [list(a.shape), str(a.dtype), a.ravel().tolist()]
                with np.load(sys.argv[-1]) as guide:
                    a = guide['0_W']
                    out['guide'] = [list(a.shape), str(a.dtype), a.ravel().tolist()]
                print(json.dumps(out))
                """, args, guideFile);

        for (var entry : arrays.entrySet()) {
            check(loaded.get(dir.resolve(entry.getKey() + ".npy").toString()), entry.getValue(), entry.getKey());
        }
        check(loaded.get("guide"), guide.normalised().get("0_W"), "the guide's 0_W");
    }

    @Test
    void a_fortran_order_file_is_refused_not_read_transposed() {
        byte[] file = npy("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", 12);
        IOException e = assertThrows(IOException.class, () -> NpyArrays.read(new ByteArrayInputStream(file), "guide.npz!0_W.npy"));
        assertTrue(e.getMessage().startsWith("guide.npz!0_W.npy: only little-endian float32 C-order"), e.getMessage());
    }

    @Test
    void a_truncated_file_is_refused_not_read_past_its_end() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyArrays.write(Nd4j.rand(DataType.FLOAT, 784, 64), out);
        byte[] half = java.util.Arrays.copyOf(out.toByteArray(), out.size() / 2);
        IOException e = assertThrows(IOException.class, () -> NpyArrays.read(new ByteArrayInputStream(half), "0_W.npy"));
        assertTrue(e.getMessage().contains("expected 50176 floats"), e.getMessage());
    }

    /** A version 1.0 .npy file with the given header dictionary and {@code floats} zero values. */
    private static byte[] npy(String dict, int floats) {
        String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + header.length() + floats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        b.put(header.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    private static void check(JsonNode loaded, INDArray expected, String what) {
        assertTrue(loaded != null, what + " missing from numpy's answer");
        List<Long> shape = new ArrayList<>();
        loaded.get(0).forEach(d -> shape.add(d.asLong()));
        assertEquals(List.of(java.util.Arrays.stream(expected.shape()).boxed().toArray(Long[]::new)), shape, what + " shape");
        assertEquals("float32", loaded.get(1).asText(), what + " dtype");
        float[] values = new float[loaded.get(2).size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) loaded.get(2).get(i).asDouble();
        }
        assertArrayEquals(expected.castTo(DataType.FLOAT).dup('c').data().asFloat(), values, 0f, what + " values");
    }

    /**
     * Skips the calling test, with the reason, when python3 with NumPy is missing; under {@code CI=true}
     * fails it instead (scripts/test installs python3-numpy).
     */
    private static void requireNumpy() throws Exception {
        boolean present;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            present = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String missing = "python3 with NumPy is absent (apt-get install python3-numpy)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("CI=true and the NumPy round trip cannot run: " + missing);
            }
            Assumptions.abort("NumPy round trip skipped: " + missing);
        }
    }

    private static JsonNode numpy(String script, List<String> files, Path last) throws Exception {
        List<String> command = new ArrayList<>(List.of("python3", "-c", script));
        command.addAll(files);
        command.add(last.toString());
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "python3 did not finish");
        assertEquals(0, p.exitValue(), output);
        return new ObjectMapper().readTree(output);
    }
}
