package org.transferlab.experiments.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.data.IdxImages;

/**
 * Makes the subsets of an IDX dataset bundled under
 * {@code src/main/resources/datasets/<name>-subset/}: 100 training and 100 test images per class,
 * chosen by {@link ClassSampler} with a fixed seed, kept in their original file order, written as
 * gzipped IDX (byte-for-byte reproducible). Run from the repository root after
 * {@code scripts/fetch-data.sh}, for {@code mnist} or {@code fashion-mnist}:
 *
 * <pre>
 * mvn -q -o test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt -pl experiments -am
 * java -cp experiments/target/classes:experiments/target/test-classes:$(cat /tmp/cp.txt) \
 *     org.transferlab.experiments.data.IdxSubsetGenerator fashion-mnist tlab-data/datasets \
 *     experiments/src/main/resources/datasets/fashion-mnist-subset
 * </pre>
 */
public final class IdxSubsetGenerator {

    static final long SEED = 20261125L;
    static final int PER_CLASS = 100;
    private static final List<Integer> CLASSES = IntStream.range(0, 10).boxed().toList();

    public static void main(String[] args) throws Exception {
        String name = args[0];
        Path datasetRoot = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        Dataset full = IdxDataset.fromDirectory(name, datasetRoot.resolve(name));
        if (full == null) {
            throw new IllegalStateException("the full " + name + " files are not under " + datasetRoot.resolve(name));
        }
        write((LabeledImages) full.train(), out, IdxDataset.TRAIN_IMAGES, IdxDataset.TRAIN_LABELS);
        write((LabeledImages) full.test(), out, IdxDataset.TEST_IMAGES, IdxDataset.TEST_LABELS);
    }

    private static void write(LabeledImages split, Path out, String imagesName, String labelsName) throws Exception {
        int[] chosen = ClassSampler.sampleIndices(split, CLASSES, PER_CLASS, SEED);
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
