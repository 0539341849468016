package org.transferlab.protocol.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.imageio.ImageIO;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.spec.SpecWord;

/**
 * A dataset from the lab's files ({@link DataSourceSpec}): packed into one canonical zip (entries in
 * name order with a fixed time, so the same files always give the same bytes and checksum), read
 * back from that zip into examples, and split into training and test parts. The orchestrator packs
 * and reads at submission (to check the files and count the classes) and stores the zip as an
 * artifact; a worker reads the same zip, so both see the same examples and the same split.
 */
public final class DatasetFiles {

    /** Image files read from a folder source, by extension. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    private static final String TABLE_ENTRY = "data.csv";
    private static final String ARRAYS_ENTRY = "data.npz";
    /** Fixed so that the split, like the bundled sklearn sets', never changes with the experiment seed. */
    private static final long SPLIT_SEED = 20_240_601L;
    // 1980-01-01, the earliest time a zip entry holds.
    private static final long ENTRY_TIME = 315_532_800_000L;

    /**
     * The examples of one source: features row by row ({@code channels × height × width} per example,
     * an image's channels one after another; a table row is {@code 1 × 1 × columns}), one class each,
     * and the names of the classes.
     */
    public record Examples(float[] features, int[] labels, int channels, int height, int width, List<String> classNames) {
        public int featuresPerExample() {
            return channels * height * width;
        }

        public int size() {
            return labels.length;
        }

        public int classes() {
            return classNames.size();
        }
    }

    /** Training and test indices into {@link Examples}, and the fewest examples a class has in each. */
    public record Split(int[] train, int[] test, int minTrainPerClass, int minTestPerClass) {}

    private DatasetFiles() {}

    /** Writes {@code source}'s files at its path as a canonical zip to {@code zip}; returns its sha256 (hex). */
    public static String pack(DataSourceSpec source, Path zip) throws IOException {
        Path path = Path.of(source.path());
        Map<String, Path> entries = new TreeMap<>();
        switch (type(source)) {
            case IMAGES -> {
                if (!Files.isDirectory(path)) {
                    throw new IOException(path + " is not a folder (an image dataset is a folder with one sub-folder per class)");
                }
                try (Stream<Path> classes = Files.list(path)) {
                    for (Path dir : classes.filter(Files::isDirectory).toList()) {
                        try (Stream<Path> files = Files.list(dir)) {
                            for (Path file : files.filter(f -> Files.isRegularFile(f) && IMAGE_EXTENSIONS.contains(extension(f))).toList()) {
                                entries.put(dir.getFileName() + "/" + file.getFileName(), file);
                            }
                        }
                    }
                }
                if (entries.isEmpty()) {
                    throw new IOException(path + " holds no sub-folder with images (" + String.join(", ", new java.util.TreeSet<>(IMAGE_EXTENSIONS)) + ")");
                }
            }
            case CSV -> entries.put(TABLE_ENTRY, requireFile(path));
            case NPZ -> entries.put(ARRAYS_ENTRY, requireFile(path));
        }
        MessageDigest sha = sha256();
        try (OutputStream file = Files.newOutputStream(zip);
                ZipOutputStream out = new ZipOutputStream(new java.security.DigestOutputStream(file, sha))) {
            for (Map.Entry<String, Path> entry : entries.entrySet()) {
                ZipEntry zipEntry = new ZipEntry(entry.getKey());
                zipEntry.setTime(ENTRY_TIME);
                out.putNextEntry(zipEntry);
                Files.copy(entry.getValue(), out);
                out.closeEntry();
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The examples in a zip {@link #pack} wrote; errors name the entry at fault. */
    public static Examples read(DataSourceSpec source, Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            return switch (type(source)) {
                case IMAGES -> readImages(source, file);
                case CSV -> readTable(source, file);
                case NPZ -> readArrays(source, file);
            };
        }
    }

    private static DataSourceSpec.Type type(DataSourceSpec source) throws IOException {
        return SpecWord.find(DataSourceSpec.Type.class, source.type())
                .orElseThrow(() -> new IOException("unknown dataset type '" + source.type() + "'"));
    }

    /**
     * {@code source} with what its packed files hold: classes, shape, the fewest examples per class
     * in each part, and where the zip is ({@code sha256}, {@code artifact}).
     */
    public static DataSourceSpec resolved(DataSourceSpec source, Examples examples, String sha256, String artifact) {
        Split split = split(examples, source.testFraction() == null ? 0.3 : source.testFraction());
        return source.resolved(examples.classes(), examples.height(), examples.width(), examples.channels(), split.minTrainPerClass(),
                split.minTestPerClass(), sha256, artifact);
    }

    /**
     * A seeded split: of each class's examples, a shuffled {@code testFraction} (rounded, at least
     * one, and never all when the class has two or more) is the test part, the rest training.
     */
    public static Split split(Examples examples, double testFraction) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < examples.classes(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < examples.size(); i++) {
            byClass.get(examples.labels()[i]).add(i);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        int minTrain = Integer.MAX_VALUE;
        int minTest = Integer.MAX_VALUE;
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> indices = byClass.get(c);
            Collections.shuffle(indices, new Random(SPLIT_SEED + c));
            int n = indices.size();
            int testCount = n < 2 ? 0 : Math.min(n - 1, Math.max(1, (int) Math.round(testFraction * n)));
            test.addAll(indices.subList(0, testCount));
            train.addAll(indices.subList(testCount, n));
            minTrain = Math.min(minTrain, n - testCount);
            minTest = Math.min(minTest, testCount);
        }
        Collections.sort(train);
        Collections.sort(test);
        return new Split(train.stream().mapToInt(Integer::intValue).toArray(), test.stream().mapToInt(Integer::intValue).toArray(),
                byClass.isEmpty() ? 0 : minTrain, byClass.isEmpty() ? 0 : minTest);
    }

    private static Examples readImages(DataSourceSpec source, ZipFile zip) throws IOException {
        int height = source.height();
        int width = source.width();
        int channels = source.channels() == null ? 1 : source.channels();
        int features = channels * height * width;
        List<? extends ZipEntry> entries = zip.stream().filter(e -> !e.isDirectory()).sorted((a, b) -> a.getName().compareTo(b.getName())).toList();
        List<String> classNames = entries.stream().map(e -> e.getName().substring(0, e.getName().indexOf('/'))).distinct().sorted().toList();
        float[] values = new float[entries.size() * features];
        int[] labels = new int[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            ZipEntry entry = entries.get(i);
            BufferedImage image;
            try (InputStream in = zip.getInputStream(entry)) {
                image = ImageIO.read(new ByteArrayInputStream(in.readAllBytes()));
            }
            if (image == null) {
                throw new IOException(source.path() + "/" + entry.getName() + " is not an image ImageIO can read");
            }
            writePixels(resized(image, width, height), channels, values, i * features);
            labels[i] = Collections.binarySearch(classNames, entry.getName().substring(0, entry.getName().indexOf('/')));
        }
        return new Examples(values, labels, channels, height, width, classNames);
    }

    /** The image drawn at {@code width × height} with bilinear interpolation, as 8-bit RGB. */
    private static BufferedImage resized(BufferedImage image, int width, int height) {
        BufferedImage target = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = target.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return target;
    }

    /** Pixels in [0, 1], channel by channel (R, G, B planes), or one grey plane (ITU-R BT.601 luma). */
    private static void writePixels(BufferedImage image, int channels, float[] target, int offset) {
        int height = image.getHeight();
        int width = image.getWidth();
        int plane = height * width;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                float r = ((rgb >> 16) & 0xff) / 255f;
                float g = ((rgb >> 8) & 0xff) / 255f;
                float b = (rgb & 0xff) / 255f;
                int at = y * width + x;
                if (channels == 3) {
                    target[offset + at] = r;
                    target[offset + plane + at] = g;
                    target[offset + 2 * plane + at] = b;
                } else {
                    target[offset + at] = 0.299f * r + 0.587f * g + 0.114f * b;
                }
            }
        }
    }

    private static Examples readTable(DataSourceSpec source, ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(TABLE_ENTRY);
        List<String[]> rows = new ArrayList<>();
        String[] header;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(zip.getInputStream(entry), StandardCharsets.UTF_8))) {
            String first = in.readLine();
            if (first == null) {
                throw new IOException(source.path() + " is empty");
            }
            header = first.split(",", -1);
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
        }
        int labelColumn = source.label() == null ? header.length - 1 : Arrays.asList(header).indexOf(source.label());
        if (labelColumn < 0) {
            throw new IOException(source.path() + " has no column '" + source.label() + "'; its columns are " + Arrays.toString(header));
        }
        int features = header.length - 1;
        float[] values = new float[rows.size() * features];
        List<String> labelsSeen = new ArrayList<>();
        int[] raw = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            if (row.length != header.length) {
                throw new IOException(source.path() + " line " + (r + 2) + ": " + row.length + " columns, the header has " + header.length);
            }
            int f = 0;
            for (int c = 0; c < row.length; c++) {
                try {
                    if (c == labelColumn) {
                        raw[r] = Integer.parseInt(row[c].strip());
                    } else {
                        values[r * features + f++] = Float.parseFloat(row[c].strip());
                    }
                } catch (NumberFormatException e) {
                    throw new IOException(source.path() + " line " + (r + 2) + ", column " + header[c] + ": '" + row[c]
                            + "' is not a " + (c == labelColumn ? "whole number (a class)" : "number"));
                }
            }
        }
        return withClasses(values, raw, 1, 1, features, source.path());
    }

    private static Examples readArrays(DataSourceSpec source, ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry(ARRAYS_ENTRY);
        Path arrays = Files.createTempFile("tlab-arrays-", ".npz");
        try {
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, arrays, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Map<String, TensorFiles.Tensor> tensors = TensorFiles.readNpz(arrays);
            TensorFiles.Tensor x = tensors.get("x");
            TensorFiles.Tensor y = tensors.get("y");
            if (x == null || y == null) {
                throw new IOException(source.path() + " needs arrays x (features) and y (classes); it has " + tensors.keySet());
            }
            if (!x.floating() || x.shape().length < 2) {
                throw new IOException(source.path() + ": x must be floating point, examples × features, was " + x.dtype() + " " + x.shapeText());
            }
            if (y.shape().length != 1 || y.shape()[0] != x.shape()[0]) {
                throw new IOException(source.path() + ": y must hold one class per example of x, was " + y.shapeText());
            }
            int n = (int) x.shape()[0];
            long[] shape = x.shape();
            int channels = shape.length == 4 ? (int) shape[1] : 1;
            int height = shape.length >= 3 ? (int) shape[shape.length - 2] : 1;
            int width = (int) shape[shape.length - 1];
            if (shape.length > 4) {
                throw new IOException(source.path() + ": x must be examples × features, × height × width or × channels × height × width, was "
                        + x.shapeText());
            }
            int[] raw = new int[n];
            for (int i = 0; i < n; i++) {
                raw[i] = Math.round(y.values()[i]);
                if (raw[i] != y.values()[i]) {
                    throw new IOException(source.path() + ": y[" + i + "] = " + y.values()[i] + " is not a whole number (a class)");
                }
            }
            return withClasses(x.values(), raw, channels, height, width, source.path());
        } finally {
            Files.deleteIfExists(arrays);
        }
    }

    /** Class numbers as written (0, 1, …, each present) become labels; names are the numbers. */
    private static Examples withClasses(float[] values, int[] raw, int channels, int height, int width, String path)
            throws IOException {
        int max = Arrays.stream(raw).max().orElse(-1);
        boolean[] present = new boolean[max + 1];
        for (int label : raw) {
            if (label < 0) {
                throw new IOException(path + ": class " + label + " is negative; classes are 0, 1, …");
            }
            present[label] = true;
        }
        List<String> names = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            if (!present[c]) {
                throw new IOException(path + ": classes are 0.." + max + " but no example has class " + c);
            }
            names.add(String.valueOf(c));
        }
        return new Examples(values, raw, channels, height, width, names);
    }

    private static Path requireFile(Path path) throws IOException {
        if (!Files.isRegularFile(path)) {
            throw new IOException(path + " is not a readable file");
        }
        return path;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The sha256 (hex) of a file's bytes. */
    public static String sha256Of(Path file) throws IOException {
        MessageDigest sha = sha256();
        try (InputStream in = new java.security.DigestInputStream(Files.newInputStream(file), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
