package org.transferlab.experiments.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.data.IdxImages;
import org.transferlab.protocol.spec.Datasets;

/**
 * Loads an MNIST-format dataset (MNIST, Fashion-MNIST): the four IDX files
 * {@code train-images-idx3-ubyte}, {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte},
 * {@code t10k-labels-idx1-ubyte} (each raw or {@code .gz}) from {@code <datasetRoot>/<name>/}, or,
 * when they are not all there, the subset bundled on the classpath under
 * {@code /datasets/<name>-subset/}. A present but unreadable file is an error, never a fallback.
 */
public final class IdxDataset {

    public static final String TRAIN_IMAGES = IdxFiles.TRAIN_IMAGES;
    public static final String TRAIN_LABELS = IdxFiles.TRAIN_LABELS;
    public static final String TEST_IMAGES = IdxFiles.TEST_IMAGES;
    public static final String TEST_LABELS = IdxFiles.TEST_LABELS;

    private IdxDataset() {}

    /** The fetched files, or null when {@code dir} lacks any of the four. */
    public static Dataset fromDirectory(String name, Path dir) throws IOException {
        Path trainImages = IdxFiles.find(dir, TRAIN_IMAGES);
        Path trainLabels = IdxFiles.find(dir, TRAIN_LABELS);
        Path testImages = IdxFiles.find(dir, TEST_IMAGES);
        Path testLabels = IdxFiles.find(dir, TEST_LABELS);
        if (trainImages == null || trainLabels == null || testImages == null || testLabels == null) {
            return null;
        }
        LabeledImages train = new LabeledImages(IdxFiles.readImages(trainImages), IdxFiles.readLabels(trainLabels),
                trainImages.toString());
        LabeledImages test = new LabeledImages(IdxFiles.readImages(testImages), IdxFiles.readLabels(testLabels),
                testImages.toString());
        return checked(name, train, test, false, dir.toString());
    }

    /** Whether {@code dir} holds all four files, so that {@link #fromDirectory} reads them rather than answering null. */
    static boolean fetched(Path dir) {
        return dir != null && IdxFiles.find(dir, TRAIN_IMAGES) != null && IdxFiles.find(dir, TRAIN_LABELS) != null
                && IdxFiles.find(dir, TEST_IMAGES) != null && IdxFiles.find(dir, TEST_LABELS) != null;
    }

    /** The subset bundled under {@code /datasets/<name>-subset/}. */
    public static Dataset bundled(String name) throws IOException {
        String folder = "/datasets/" + name + "-subset/";
        LabeledImages train = new LabeledImages(resourceImages(folder + TRAIN_IMAGES + ".gz"),
                resourceLabels(folder + TRAIN_LABELS + ".gz"), "classpath:" + folder + TRAIN_IMAGES + ".gz");
        LabeledImages test = new LabeledImages(resourceImages(folder + TEST_IMAGES + ".gz"),
                resourceLabels(folder + TEST_LABELS + ".gz"), "classpath:" + folder + TEST_IMAGES + ".gz");
        return checked(name, train, test, true, "classpath:" + folder);
    }

    private static Dataset checked(String name, LabeledImages train, LabeledImages test, boolean bundled, String origin)
            throws IOException {
        Datasets.Info info = Datasets.info(name);
        for (LabeledImages part : new LabeledImages[] {train, test}) {
            if (part.images().rows() != info.height() || part.images().cols() != info.width()) {
                throw new IOException(part.source() + ": images are " + part.images().rows() + "x"
                        + part.images().cols() + ", " + name + " has " + info.height() + "x" + info.width());
            }
            for (int i = 0; i < part.size(); i++) {
                if (part.label(i) >= info.classes()) {
                    throw new IOException(part.source() + ": label " + part.label(i) + " at " + i
                            + " is outside 0.." + (info.classes() - 1));
                }
            }
        }
        return new Dataset(name, info, train, test, bundled, origin);
    }

    private static IdxImages resourceImages(String path) throws IOException {
        try (InputStream in = Resources.open(path)) {
            return IdxFiles.readImages(in, "classpath:" + path);
        }
    }

    private static byte[] resourceLabels(String path) throws IOException {
        try (InputStream in = Resources.open(path)) {
            return IdxFiles.readLabels(in, "classpath:" + path);
        }
    }
}
