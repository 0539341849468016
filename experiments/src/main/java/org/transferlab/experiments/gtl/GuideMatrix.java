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
 * The guide matrix of guided transfer learning: one value per body parameter saying how freely that
 * parameter may move during the guided fine-tune. Built from scouts that each started at the
 * pretrained weights θ0 (Nikolić, Andrić, Nikolić, "Guided Transfer Learning", arXiv:2303.16154,
 * 2023):
 *
 * <ol>
 *   <li>raw r = mean over scouts s of (θs − θ0)² ({@link Distance#SQUARED}, the paper's) or
 *       |θs − θ0| ({@link Distance#ABSOLUTE});
 *   <li>n = min–max normalised to [0, 1] within each parameter tensor ({@link Normalisation#TENSOR},
 *       the reference implementation's "zero enforced and normalized") or over all body parameters
 *       at once ({@link Normalisation#GLOBAL}). A group whose raw values are all equal normalises
 *       to 1 where they are positive and to 0 where they are all zero: a parameter no scout moved
 *       stays put;
 *   <li>t = n ({@link Transform#NONE}), n^p ({@link Transform#POWER}, p = {@code power}), or the
 *       value's rank in its normalisation group ({@link Transform#RANK}): #{u < r} / #{u < max},
 *       counted over the group's raw values, so the smallest values get 0, the largest 1, and the
 *       spacing of values no longer matters;
 *   <li>g = max(0, offset + (1 − offset)·t), the floor that lifts small values (offset &gt; 0; the
 *       reference implementation's "warm" is offset ½) or cuts them (offset &lt; 0; its "icy" is
 *       offset −1);
 *   <li>g · {@code scale}, then values below {@code sparsify} set to 0.
 * </ol>
 *
 * <p>Parameters are named as in {@link ComputationGraph#paramTable()} ({@code body-0_W},
 * {@code body-0_b}, {@code body-0-norm_gamma}, …) and cover every body vertex ({@link BodyLayers}),
 * not the head, which a fine-tune replaces and which is never guided. The normalised values n are
 * kept and the shaping (steps 3–5, {@link Shaping}) applied on top, so a fine-tune may re-scale the
 * guide ({@link #withScale}) with the same threshold meaning.
 *
 * <p>File format ({@link #save}/{@link #load}): a zip that {@code numpy.load} opens as an
 * {@code .npz}: one {@code <parameter>.npy} (float32, the normalised values n) per body parameter,
 * and {@code guide.json} with the settings and parameter order.
 */
public final class GuideMatrix {

    public enum Distance {
        SQUARED, ABSOLUTE;

        /** {@code gtl.distance}; absent means {@link #SQUARED}. */
        public static Distance parse(String name) {
            return GtlChoice.parse(Distance.class, "gtl.distance", name, SQUARED);
        }
    }

    public enum Normalisation {
        TENSOR, GLOBAL;

        /** {@code gtl.normalise}; absent means {@link #TENSOR}. */
        public static Normalisation parse(String name) {
            return GtlChoice.parse(Normalisation.class, "gtl.normalise", name, TENSOR);
        }
    }

    /**
     * How normalised values are reshaped before scale and sparsify (step 3).
     */
    public enum Transform {
        NONE, POWER, RANK;

        /** {@code gtl.transform}; absent means {@link #NONE}. */
        public static Transform parse(String name) {
            return GtlChoice.parse(Transform.class, "gtl.transform", name, NONE);
        }
    }

    /**
     * Steps 3 to 5 of the class comment: {@code transform} (with {@code power} for
     * {@link Transform#POWER}), then g = max(0, offset + (1 − offset)·t), times {@code scale}, zero
     * below {@code sparsify}.
     */
    public record Shaping(Transform transform, double power, double offset, double scale, double sparsify) {
        public Shaping {
            if (!(scale >= 0) || !(sparsify >= 0)) {
                throw new IllegalArgumentException("guide scale and sparsify must be >= 0, got " + scale + " and " + sparsify);
            }
            if (!(power > 0) || !Double.isFinite(power)) {
                throw new IllegalArgumentException("guide power must be positive, got " + power);
            }
            if (!(offset >= -1 && offset <= 1)) {
                throw new IllegalArgumentException("guide offset must be in [-1, 1], got " + offset);
            }
        }

        /** Only scale and sparsify: the guide as min–max normalised. */
        public static Shaping plain(double scale, double sparsify) {
            return new Shaping(Transform.NONE, 1.0, 0.0, scale, sparsify);
        }

        Shaping withScale(double newScale) {
            return new Shaping(transform, power, offset, newScale, sparsify);
        }
    }

    static final String FORMAT = "transferlab-guide/2";
    /** Written before the shaping had transform, power and offset; read as none, 1 and 0. */
    static final String FORMAT_1 = "transferlab-guide/1";
    private static final String METADATA = "guide.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What {@code guide.json} holds. */
    record Metadata(String format, String distance, String normalise, double scale, double sparsify, int scouts,
            List<String> parameters, String transform, Double power, Double offset) {}

    private final Map<String, INDArray> normalised;
    private final Map<String, INDArray> values;
    private final Distance distance;
    private final Normalisation normalisation;
    private final Shaping shaping;
    private final int scouts;

    private GuideMatrix(Map<String, INDArray> normalised, Distance distance, Normalisation normalisation,
            Shaping shaping, int scouts) {
        this.normalised = Collections.unmodifiableMap(new LinkedHashMap<>(normalised));
        this.distance = distance;
        this.normalisation = normalisation;
        this.shaping = shaping;
        this.scouts = scouts;
        Map<String, INDArray> shaped = new LinkedHashMap<>();
        transformed(this.normalised, shaping, normalisation).forEach((name, t) -> {
            // g = max(0, offset + (1 − offset)·t) · scale, zeroed below sparsify
            INDArray v = t.mul(1 - shaping.offset()).addi(shaping.offset());
            v = Transforms.max(v, 0.0, false).muli(shaping.scale());
            shaped.put(name, v.muli(v.gte(shaping.sparsify()).castTo(v.dataType())));
        });
        this.values = Collections.unmodifiableMap(shaped);
    }

    /** Step 3: t from n. */
    private static Map<String, INDArray> transformed(Map<String, INDArray> normalised, Shaping shaping,
            Normalisation normalisation) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        switch (shaping.transform()) {
            case NONE -> out.putAll(normalised);
            case POWER -> normalised.forEach((name, n) -> out.put(name, Transforms.pow(n, shaping.power(), true)));
            case RANK -> {
                if (normalisation == Normalisation.TENSOR) {
                    normalised.forEach((name, n) -> out.putAll(ranks(Map.of(name, n))));
                } else {
                    out.putAll(ranks(normalised));
                }
            }
        }
        return out;
    }

    /**
     * The rank transform over one normalisation group: each value becomes #{u < v} / #{u < max}
     * over all values u of the group (ties share the lower rank, so the zeros of parameters no
     * scout moved stay 0). Min–max normalisation is monotone within a group, so ranking n ranks
     * the raw values. A group of equal values keeps n (0 or 1).
     */
    static Map<String, INDArray> ranks(Map<String, INDArray> group) {
        int total = 0;
        for (INDArray n : group.values()) {
            total = Math.addExact(total, Math.toIntExact(n.length()));
        }
        float[] sorted = new float[total];
        int at = 0;
        for (INDArray n : group.values()) {
            float[] values = n.castTo(DataType.FLOAT).dup('c').data().asFloat();
            System.arraycopy(values, 0, sorted, at, values.length);
            at += values.length;
        }
        Arrays.sort(sorted);
        int belowMax = total == 0 ? 0 : lowerBound(sorted, sorted[total - 1]);
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (var entry : group.entrySet()) {
            INDArray n = entry.getValue();
            if (belowMax == 0) {
                out.put(entry.getKey(), n);
                continue;
            }
            float[] values = n.castTo(DataType.FLOAT).dup('c').data().asFloat();
            float[] rank = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                rank[i] = (float) ((double) lowerBound(sorted, values[i]) / belowMax);
            }
            out.put(entry.getKey(), Nd4j.create(rank, n.shape(), 'c'));
        }
        return out;
    }

    /** The number of entries of {@code sorted} below {@code value}. */
    private static int lowerBound(float[] sorted, float value) {
        int low = 0;
        int high = sorted.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (sorted[mid] < value) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /**
     * The guide of scouts that all started from {@code initial}.
     *
     * @param initial θ0: body parameters by name (see {@link #bodyParameters})
     * @param scouts each scout's parameters; every name of {@code initial} must be there with the same shape
     */
    public static GuideMatrix fromScouts(Map<String, INDArray> initial, List<Map<String, INDArray>> scouts,
            Distance distance, Normalisation normalisation, double scale, double sparsify) {
        return fromScouts(initial, scouts, distance, normalisation, Shaping.plain(scale, sparsify));
    }

    /** The same with the whole {@link Shaping}: transform, offset, scale, sparsify. */
    public static GuideMatrix fromScouts(Map<String, INDArray> initial, List<Map<String, INDArray>> scouts,
            Distance distance, Normalisation normalisation, Shaping shaping) {
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
        return new GuideMatrix(normalise(raw, normalisation), distance, normalisation, shaping, scouts.size());
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
        return new GuideMatrix(normalised, distance, normalisation, shaping.withScale(newScale), scouts);
    }

    /** The guide values (after the whole shaping) by parameter name, in layer order. */
    public Map<String, INDArray> values() {
        return values;
    }

    /** The min–max normalised values n, before the shaping. */
    public Map<String, INDArray> normalised() {
        return normalised;
    }

    public double scale() {
        return shaping.scale();
    }

    public double sparsify() {
        return shaping.sparsify();
    }

    public Shaping shaping() {
        return shaping;
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
                    normalisation.name().toLowerCase(Locale.ROOT), shaping.scale(), shaping.sparsify(), scouts,
                    List.copyOf(normalised.keySet()), shaping.transform().name().toLowerCase(Locale.ROOT),
                    shaping.power(), shaping.offset())));
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
            if (!FORMAT.equals(meta.format()) && !FORMAT_1.equals(meta.format())) {
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
            Shaping shaping = new Shaping(Transform.parse(meta.transform()), meta.power() == null ? 1.0 : meta.power(),
                    meta.offset() == null ? 0.0 : meta.offset(), meta.scale(), meta.sparsify());
            return new GuideMatrix(normalised, Distance.parse(meta.distance()),
                    Normalisation.parse(meta.normalise()), shaping, meta.scouts());
        }
    }
}
