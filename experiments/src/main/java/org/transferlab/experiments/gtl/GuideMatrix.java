package org.transferlab.experiments.gtl;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.transferlab.experiments.model.BodyLayers;

/**
 * The guide matrix of guided transfer learning: one value in [0, scale] per body parameter saying
 * how freely that parameter may move during the guided fine-tune. Built from scouts that each
 * started at the pretrained weights θ0 (Nikolić, Andrić, Nikolić, "Guided Transfer Learning", arXiv:2303.16154, 2023):
 * raw value = mean over scouts s of (θs − θ0)² ({@link Distance#SQUARED}) or |θs − θ0|
 * ({@link Distance#ABSOLUTE}); min–max normalised to [0, 1] within each parameter tensor
 * ({@link Normalisation#TENSOR}) or over all body parameters at once ({@link Normalisation#GLOBAL});
 * then multiplied by {@code scale}, and values below {@code sparsify} set to 0. A tensor (or, for
 * global, the whole body) whose raw values are all equal normalises to 1 where they are positive
 * and to 0 where they are all zero: a parameter no scout moved stays put.
 *
 * <p>Parameters are named as in {@link ComputationGraph#paramTable()} ({@code body-0_W},
 * {@code body-0_b}, {@code body-0-norm_gamma}, …) and cover every body vertex ({@link BodyLayers}),
 * not the head, which a fine-tune replaces and which is never guided. The normalised values are kept and the shaping (scale, sparsify) applied on
 * top, so a fine-tune may re-scale the guide ({@link #withScale}) with the same threshold meaning.
 *
 * <p>File format ({@link #save}/{@link #load}): a zip that {@code numpy.load} opens as an
 * {@code .npz}: one {@code <parameter>.npy} (float32, the normalised values before scale and
 * sparsify) per body parameter, and {@code guide.json} with the settings and parameter order.
 */
public final class GuideMatrix {

    public enum Distance {
        SQUARED, ABSOLUTE;

        public static Distance parse(String name) {
            return switch (name == null ? "squared" : name.toLowerCase(Locale.ROOT)) {
                case "squared" -> SQUARED;
                case "absolute" -> ABSOLUTE;
                default -> throw new IllegalArgumentException("gtl.distance must be squared or absolute, got '" + name + "'");
            };
        }
    }

    public enum Normalisation {
        TENSOR, GLOBAL;

        public static Normalisation parse(String name) {
            return switch (name == null ? "tensor" : name.toLowerCase(Locale.ROOT)) {
                case "tensor" -> TENSOR;
                case "global" -> GLOBAL;
                default -> throw new IllegalArgumentException("gtl.normalise must be tensor or global, got '" + name + "'");
            };
        }
    }

    static final String FORMAT = "transferlab-guide/1";
    private static final String METADATA = "guide.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code guide.json} holds. */
    record Metadata(String format, String distance, String normalise, double scale, double sparsify, int scouts,
            List<String> parameters) {}

    private final Map<String, INDArray> normalised;
    private final Map<String, INDArray> values;
    private final Distance distance;
    private final Normalisation normalisation;
    private final double scale;
    private final double sparsify;
    private final int scouts;

    private GuideMatrix(Map<String, INDArray> normalised, Distance distance, Normalisation normalisation,
            double scale, double sparsify, int scouts) {
        if (!(scale >= 0) || !(sparsify >= 0)) {
            throw new IllegalArgumentException("guide scale and sparsify must be >= 0, got " + scale + " and " + sparsify);
        }
        this.normalised = Collections.unmodifiableMap(new LinkedHashMap<>(normalised));
        this.distance = distance;
        this.normalisation = normalisation;
        this.scale = scale;
        this.sparsify = sparsify;
        this.scouts = scouts;
        Map<String, INDArray> shaped = new LinkedHashMap<>();
        normalised.forEach((name, n) -> {
            INDArray v = n.mul(scale);
            shaped.put(name, v.muli(v.gte(sparsify).castTo(v.dataType())));
        });
        this.values = Collections.unmodifiableMap(shaped);
    }

    /**
     * The guide of scouts that all started from {@code initial}.
     *
     * @param initial θ0: body parameters by name (see {@link #bodyParameters})
     * @param scouts each scout's parameters; every name of {@code initial} must be there with the same shape
     */
    public static GuideMatrix fromScouts(Map<String, INDArray> initial, List<Map<String, INDArray>> scouts,
            Distance distance, Normalisation normalisation, double scale, double sparsify) {
        if (scouts.isEmpty()) {
            throw new IllegalArgumentException("a guide matrix needs at least one scout");
        }
        Map<String, INDArray> raw = new LinkedHashMap<>();
        for (var entry : initial.entrySet()) {
            String name = entry.getKey();
            INDArray theta0 = entry.getValue().castTo(DataType.FLOAT);
            INDArray sum = Nd4j.zeros(DataType.FLOAT, theta0.shape());
            for (int s = 0; s < scouts.size(); s++) {
                INDArray thetaS = scouts.get(s).get(name);
                if (thetaS == null || !Arrays.equals(thetaS.shape(), theta0.shape())) {
                    throw new IllegalArgumentException("scout " + s + " has no parameter " + name + " shaped "
                            + Arrays.toString(theta0.shape()) + " like the body");
                }
                INDArray delta = thetaS.castTo(DataType.FLOAT).sub(theta0);
                sum.addi(distance == Distance.SQUARED ? delta.muli(delta) : Transforms.abs(delta, false));
            }
            raw.put(name, sum.divi(scouts.size()));
        }
        return new GuideMatrix(normalise(raw, normalisation), distance, normalisation, scale, sparsify, scouts.size());
    }

    private static Map<String, INDArray> normalise(Map<String, INDArray> raw, Normalisation normalisation) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        if (normalisation == Normalisation.TENSOR) {
            raw.forEach((name, r) -> out.put(name, minMax(r, r.minNumber().doubleValue(), r.maxNumber().doubleValue())));
        } else {
            double min = raw.values().stream().mapToDouble(r -> r.minNumber().doubleValue()).min().orElse(0);
            double max = raw.values().stream().mapToDouble(r -> r.maxNumber().doubleValue()).max().orElse(0);
            raw.forEach((name, r) -> out.put(name, minMax(r, min, max)));
        }
        return out;
    }

    private static INDArray minMax(INDArray raw, double min, double max) {
        if (max > min) {
            return raw.sub(min).divi(max - min);
        }
        return raw.gt(0).castTo(DataType.FLOAT);
    }

    /**
     * The body parameters of a classifier: every parameter of every body vertex, in order, named
     * {@code <vertex>_<param>} as in {@link ComputationGraph#paramTable()}. Views, not copies.
     */
    public static Map<String, INDArray> bodyParameters(ComputationGraph network) {
        Map<String, INDArray> body = new LinkedHashMap<>();
        for (String vertex : BodyLayers.order(network)) {
            if (BodyLayers.isBody(vertex)) {
                for (var p : network.getLayer(vertex).paramTable().entrySet()) {
                    body.put(vertex + "_" + p.getKey(), p.getValue());
                }
            }
        }
        return body;
    }

    /** The same normalised guide with another scale; sparsify keeps its meaning (a threshold on the scaled values). */
    public GuideMatrix withScale(double newScale) {
        return new GuideMatrix(normalised, distance, normalisation, newScale, sparsify, scouts);
    }

    /** The guide values (after scale and sparsify) by parameter name, in layer order. */
    public Map<String, INDArray> values() {
        return values;
    }

    /** The min–max normalised values before scale and sparsify. */
    public Map<String, INDArray> normalised() {
        return normalised;
    }

    public double scale() {
        return scale;
    }

    public double sparsify() {
        return sparsify;
    }

    public Distance distance() {
        return distance;
    }

    public Normalisation normalisation() {
        return normalisation;
    }

    public int scouts() {
        return scouts;
    }

    /** Mean guide value over all body parameters. */
    public double mean() {
        return sum(values, v -> v.sumNumber().doubleValue()) / count();
    }

    /** Fraction of body parameters whose guide value is exactly 0 (frozen by the guide). */
    public double sparsity() {
        return sum(values, v -> v.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue()) / count();
    }

    /** Fraction of body parameters whose guide value exceeds {@code threshold}. */
    public double fractionAbove(double threshold) {
        return sum(values, v -> v.gt(threshold).castTo(DataType.FLOAT).sumNumber().doubleValue()) / count();
    }

    private double count() {
        return Math.max(1, sum(values, v -> (double) v.length()));
    }

    private static double sum(Map<String, INDArray> arrays, ToDoubleFunction<INDArray> f) {
        return arrays.values().stream().mapToDouble(f).sum();
    }

    public void save(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(METADATA));
            zip.write(JSON.writeValueAsBytes(new Metadata(FORMAT, distance.name().toLowerCase(Locale.ROOT),
                    normalisation.name().toLowerCase(Locale.ROOT), scale, sparsify, scouts,
                    List.copyOf(normalised.keySet()))));
            zip.closeEntry();
            for (var entry : normalised.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                NpyArrays.write(entry.getValue(), zip);
                zip.closeEntry();
            }
        }
    }

    public static GuideMatrix load(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            ZipEntry metaEntry = zip.getEntry(METADATA);
            if (metaEntry == null) {
                throw new IOException(file + " is not a guide matrix (no " + METADATA + ")");
            }
            Metadata meta;
            try (InputStream in = zip.getInputStream(metaEntry)) {
                meta = JSON.readValue(in, Metadata.class);
            }
            if (!FORMAT.equals(meta.format())) {
                throw new IOException(file + ": unknown guide format '" + meta.format() + "'");
            }
            Map<String, INDArray> normalised = new LinkedHashMap<>();
            for (String name : meta.parameters()) {
                ZipEntry entry = zip.getEntry(name + ".npy");
                if (entry == null) {
                    throw new IOException(file + ": parameter " + name + " is listed but missing");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    normalised.put(name, NpyArrays.read(in, file + "!" + entry.getName()));
                }
            }
            return new GuideMatrix(normalised, Distance.parse(meta.distance()),
                    Normalisation.parse(meta.normalise()), meta.scale(), meta.sparsify(), meta.scouts());
        }
    }
}
