package org.transferlab.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Makes the MNIST subset bundled under {@code src/main/resources/datasets/mnist-subset/}: 100
 * training and 100 test images per digit, chosen by {@link ClassSampler} with a fixed seed, kept
 * in their original file order, written as gzipped IDX (byte-for-byte reproducible). Run from the
 * repository root after {@code scripts/fetch-data.sh}:
 *
 * <pre>
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -pl experiments
 * java -cp experiments/target/classes:experiments/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.transferlab.experiments.data.MnistSubsetGenerator tlab-data/datasets \
 *     experiments/src/main/resources/datasets/mnist-subset
 * </pre>
 */
public final class MnistSubsetGenerator {

    static final long SEED = 20261125L;
    static final int PER_CLASS = 100;
    private static final List<Integer> DIGITS = IntStream.range(0, 10).boxed().toList();

    public static void main(String[] args) throws Exception {
        Path datasetRoot = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Files.createDirectories(out);
        Mnist full = Mnist.load(datasetRoot);
        if (full.bundledSubset()) {
            throw new IllegalStateException("full MNIST not found under " + datasetRoot);
        }
        write(full.train(), out, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS);
        write(full.test(), out, Mnist.TEST_IMAGES, Mnist.TEST_LABELS);
    }

    private static void write(LabeledImages split, Path out, String imagesName, String labelsName) throws Exception {
        int[] chosen = ClassSampler.sampleIndices(split, DIGITS, PER_CLASS, SEED);
        Arrays.sort(chosen);
        IdxImages images = split.images();
        int width = images.pixelsPerImage();
        byte[] pixels = new byte[chosen.length * width];
        byte[] labels = new byte[chosen.length];
        for (int i = 0; i < chosen.length; i++) {
            System.arraycopy(images.pixels(), chosen[i] * width, pixels, i * width, width);
            labels[i] = split.labels()[chosen[i]];
        }
        IdxFiles.writeImages(out.resolve(imagesName + ".gz"),
                new IdxImages(chosen.length, images.rows(), images.cols(), pixels), true);
        IdxFiles.writeLabels(out.resolve(labelsName + ".gz"), labels, true);
    }
}
