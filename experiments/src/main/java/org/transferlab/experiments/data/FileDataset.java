package org.transferlab.experiments.data;

import java.io.IOException;
import java.nio.file.Path;
import org.transferlab.protocol.data.DatasetFiles;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.spec.Datasets;

/**
 * A dataset from the lab's files ({@code data.sources}), loaded from the canonical zip the
 * orchestrator packed ({@link DatasetFiles}): the same examples and the same seeded per-class
 * train/test split the orchestrator counted at submission. Images arrive in [0, 1]; table and array
 * features are standardised per feature with the training part's mean and standard deviation for
 * {@code csv}, and used as written for {@code npz}.
 */
public final class FileDataset {

    private FileDataset() {}

    /** @param zip the packed files (fetched from the artifact store, or packed here from the path) */
    public static Dataset load(String name, DataSourceSpec source, Path zip) throws IOException {
        DatasetFiles.Examples examples = DatasetFiles.read(source, zip);
        DatasetFiles.Split split = DatasetFiles.split(examples, source.testFraction() == null ? 0.3 : source.testFraction());
        int f = examples.featuresPerExample();
        float[] train = rows(examples, split.train());
        float[] test = rows(examples, split.test());
        if (DataSourceSpec.Type.CSV.is(source.type())) {
            standardise(train, test, f, split.train().length);
        }
        Datasets.Info info = new Datasets.Info(examples.classes(), examples.height(), examples.width(), split.minTrainPerClass(),
                split.minTestPerClass(), examples.channels());
        String origin = source.path() + (source.sha256() == null ? "" : " (sha256 " + source.sha256().substring(0, 12) + "…)");
        return new Dataset(name, info,
                new LabeledTable(train, f, labels(examples, split.train()), origin + " train"),
                new LabeledTable(test, f, labels(examples, split.test()), origin + " test"),
                false, origin);
    }

    private static float[] rows(DatasetFiles.Examples examples, int[] indices) {
        int f = examples.featuresPerExample();
        float[] out = new float[indices.length * f];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(examples.features(), indices[i] * f, out, i * f, f);
        }
        return out;
    }

    private static int[] labels(DatasetFiles.Examples examples, int[] indices) {
        int[] out = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = examples.labels()[indices[i]];
        }
        return out;
    }

    /** Per feature: subtract the training mean, divide by the training standard deviation (1 where it is 0). */
    private static void standardise(float[] train, float[] test, int features, int rows) {
        for (int j = 0; j < features; j++) {
            double sum = 0;
            double squares = 0;
            for (int r = 0; r < rows; r++) {
                double v = train[r * features + j];
                sum += v;
                squares += v * v;
            }
            double mean = rows == 0 ? 0 : sum / rows;
            double sd = rows == 0 ? 1 : Math.sqrt(Math.max(0, squares / rows - mean * mean));
            double scale = sd > 1e-12 ? 1 / sd : 1;
            for (float[] part : new float[][] {train, test}) {
                for (int r = 0; r < part.length / features; r++) {
                    part[r * features + j] = (float) ((part[r * features + j] - mean) * scale);
                }
            }
        }
    }
}
