package org.transferlab.experiments.data;

import java.io.BufferedReader;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.transferlab.protocol.data.IdxImages;
import org.transferlab.protocol.spec.Datasets;

/**
 * Loads the small datasets shipped inside scikit-learn (Debian {@code python3-sklearn}) from their
 * CSV files: {@code digits.csv.gz} (1,797 rows of 64 pixel values 0..16 then the label, no header)
 * and {@code iris.csv} / {@code wine_data.csv} (a header line {@code rows,columns,class names…},
 * then rows of feature values and an integer label). None has an official test split, so each is
 * split once by {@link StratifiedSplit} with a fixed seed, the same for every experiment. Digits
 * become 8×8 images scaled by 1/16; iris and wine are standardised per feature with the mean and
 * standard deviation of the training part. Files come from {@code <datasetRoot>/<name>/} when
 * present, otherwise from the complete copies bundled under {@code /datasets/sklearn/}.
 */
public final class SklearnCsv {

    /** The fixed seed of the train/test split: a property of the dataset, not of an experiment. */
    public static final long SPLIT_SEED = 20261125L;
    /** Fraction of each class held out as the test part (rounded to the nearest example). */
    public static final double TEST_FRACTION = 0.3;
    public static final String BUNDLED = "/datasets/sklearn/";

    /** Parsed rows: {@code values} row-major with {@code columns} per row, one label per row. */
    record Table(float[] values, int columns, int[] labels) {}

    private SklearnCsv() {}

    public static String fileName(String dataset) {
        return switch (dataset) {
            case "digits" -> "digits.csv.gz";
            case "iris" -> "iris.csv";
            case "wine" -> "wine_data.csv";
            default -> throw new IllegalArgumentException("'" + dataset + "' is not an sklearn dataset (digits, iris, wine)");
        };
    }

    /** From {@code dir} when it holds the file, else the bundled copy. */
    public static Dataset load(String dataset, Path dir) throws IOException {
        String file = fileName(dataset);
        Path onDisk = dir == null ? null : dir.resolve(file);
        if (onDisk != null && Files.isRegularFile(onDisk)) {
            try (InputStream in = Files.newInputStream(onDisk)) {
                return build(dataset, in, onDisk.toString(), false);
            }
        }
        try (InputStream in = Resources.open(BUNDLED + file)) {
            // The bundled copies are the complete files, not subsets.
            return build(dataset, in, "classpath:" + BUNDLED + file, false);
        }
    }

    static Dataset build(String dataset, InputStream raw, String source, boolean bundledSubset) throws IOException {
        Datasets.Info info = Datasets.info(dataset);
        Table table = "digits".equals(dataset) ? readDigits(raw, source) : readWithHeader(raw, source);
        if (table.columns() != info.inputs()) {
            throw new IOException(source + ": " + table.columns() + " features per row, " + dataset + " has " + info.inputs());
        }
        for (int i = 0; i < table.labels().length; i++) {
            if (table.labels()[i] < 0 || table.labels()[i] >= info.classes()) {
                throw new IOException(source + ": row " + (i + 1) + " has label " + table.labels()[i]
                        + ", outside 0.." + (info.classes() - 1));
            }
        }
        StratifiedSplit split = StratifiedSplit.of(table.labels(), info.classes(), TEST_FRACTION, SPLIT_SEED);
        LabeledExamples train;
        LabeledExamples test;
        if ("digits".equals(dataset)) {
            train = digitImages(table, split.train(), source + " (train part)");
            test = digitImages(table, split.test(), source + " (test part)");
        } else {
            float[][] stats = meanAndDeviation(table, split.train());
            train = standardised(table, split.train(), stats, source + " (train part)");
            test = standardised(table, split.test(), stats, source + " (test part)");
        }
        return new Dataset(dataset, info, train, test, bundledSubset, source);
    }

    private static Table readDigits(InputStream raw, String source) throws IOException {
        List<String[]> rows = lines(raw, source);
        int columns = 64;
        float[] values = new float[rows.size() * columns];
        int[] labels = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            String[] cells = rows.get(r);
            if (cells.length != columns + 1) {
                throw new IOException(source + ": row " + (r + 1) + " has " + cells.length + " fields, expected 65");
            }
            for (int c = 0; c < columns; c++) {
                float v = number(cells[c], source, r + 1);
                if (v < 0 || v > 16 || v != Math.rint(v)) {
                    throw new IOException(source + ": row " + (r + 1) + " pixel " + c + " is " + cells[c] + ", expected 0..16");
                }
                values[r * columns + c] = v;
            }
            labels[r] = label(cells[columns], source, r + 1);
        }
        return new Table(values, columns, labels);
    }

    private static Table readWithHeader(InputStream raw, String source) throws IOException {
        List<String[]> rows = lines(raw, source);
        if (rows.isEmpty()) {
            throw new IOException(source + ": empty file");
        }
        String[] header = rows.remove(0);
        int count;
        int columns;
        try {
            count = Integer.parseInt(header[0].trim());
            columns = Integer.parseInt(header[1].trim());
        } catch (RuntimeException e) {
            throw new IOException(source + ": header must start with 'rows,columns', was '" + String.join(",", header) + "'");
        }
        if (rows.size() != count) {
            throw new IOException(source + ": header promises " + count + " rows but " + rows.size() + " follow");
        }
        float[] values = new float[count * columns];
        int[] labels = new int[count];
        for (int r = 0; r < count; r++) {
            String[] cells = rows.get(r);
            if (cells.length != columns + 1) {
                throw new IOException(source + ": row " + (r + 2) + " has " + cells.length + " fields, expected " + (columns + 1));
            }
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = number(cells[c], source, r + 2);
            }
            labels[r] = label(cells[columns], source, r + 2);
        }
        return new Table(values, columns, labels);
    }

    private static List<String[]> lines(InputStream raw, String source) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        InputStream in = gzip ? new GZIPInputStream(buffered) : buffered;
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    rows.add(line.trim().split(","));
                }
            }
        }
        return rows;
    }

    private static float number(String cell, String source, int line) throws IOException {
        try {
            return Float.parseFloat(cell.trim());
        } catch (NumberFormatException e) {
            throw new IOException(source + ": line " + line + " has '" + cell + "' where a number belongs");
        }
    }

    /** Labels are written as integers or as {@code k.0}. */
    private static int label(String cell, String source, int line) throws IOException {
        double v = number(cell, source, line);
        if (v != Math.rint(v)) {
            throw new IOException(source + ": line " + line + " has label '" + cell + "', expected a whole number");
        }
        return (int) v;
    }

    private static LabeledImages digitImages(Table table, int[] rows, String source) {
        byte[] pixels = new byte[rows.length * 64];
        byte[] labels = new byte[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int p = 0; p < 64; p++) {
                pixels[i * 64 + p] = (byte) table.values()[rows[i] * 64 + p];
            }
            labels[i] = (byte) table.labels()[rows[i]];
        }
        return new LabeledImages(new IdxImages(rows.length, 8, 8, pixels), labels, source, 16);
    }

    /** Per column: [0] the mean, [1] the standard deviation (1 where a column is constant). */
    private static float[][] meanAndDeviation(Table table, int[] rows) {
        int columns = table.columns();
        double[] sum = new double[columns];
        double[] squares = new double[columns];
        for (int row : rows) {
            for (int c = 0; c < columns; c++) {
                double v = table.values()[row * columns + c];
                sum[c] += v;
                squares[c] += v * v;
            }
        }
        float[][] stats = new float[2][columns];
        for (int c = 0; c < columns; c++) {
            double mean = sum[c] / rows.length;
            double variance = Math.max(0, squares[c] / rows.length - mean * mean);
            stats[0][c] = (float) mean;
            stats[1][c] = variance > 1e-12 ? (float) Math.sqrt(variance) : 1f;
        }
        return stats;
    }

    private static LabeledTable standardised(Table table, int[] rows, float[][] stats, String source) {
        int columns = table.columns();
        float[] values = new float[rows.length * columns];
        int[] labels = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            for (int c = 0; c < columns; c++) {
                values[i * columns + c] = (table.values()[rows[i] * columns + c] - stats[0][c]) / stats[1][c];
            }
            labels[i] = table.labels()[rows[i]];
        }
        return new LabeledTable(values, columns, labels, source);
    }
}
