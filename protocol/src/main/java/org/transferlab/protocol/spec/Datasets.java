package org.transferlab.protocol.spec;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The datasets TransferLab can load offline, with the facts a spec is checked against: classes,
 * input shape, and the fewest examples any class has in the training and test parts.
 */
public final class Datasets {

    /** What validation needs to know about one dataset; {@code channels} is 3 for RGB images, 1 otherwise. */
    public record Info(int classes, int height, int width, int minTrainPerClass, int minTestPerClass, int channels) {
        /** A single-channel dataset, as every bundled one is. */
        public Info(int classes, int height, int width, int minTrainPerClass, int minTestPerClass) {
            this(classes, height, width, minTrainPerClass, minTestPerClass, 1);
        }

        /** Features per example, {@code channels · height · width}, channel by channel. */
        public int inputs() {
            return channels * height * width;
        }

        /** Whether the examples are images (a map more than one pixel high, or several channels). */
        public boolean images() {
            return height > 1 || channels > 1;
        }
    }

    /**
     * MNIST / Fashion-MNIST: 28×28, 10 classes (fewest per class in train/test: 5,421/892 and
     * 6,000/1,000). The sklearn sets have no official test split; the loader holds out
     * round(0.3·n) of each class with a fixed seed, so the fewest per class are: digits 8×8 (1,797
     * images, smallest class 174 → 122/52), iris 4 features (50 per class → 35/15), wine 13
     * features (smallest class 48 → 34/14).
     */
    public static final Map<String, Info> KNOWN = Map.of(
            "mnist", new Info(10, 28, 28, 5421, 892),
            "fashion-mnist", new Info(10, 28, 28, 6000, 1000),
            "digits", new Info(10, 8, 8, 122, 52),
            "iris", new Info(3, 1, 4, 35, 15),
            "wine", new Info(3, 1, 13, 34, 14));

    /**
     * The subsets of MNIST and Fashion-MNIST bundled with the workers (the experiments module's
     * {@code datasets/<name>-subset/}): what a worker trains on when its dataset directory lacks the
     * fetched files. Each holds 100 training and 100 test images of every class
     * ({@code BundledSubsetFactsTest} counts the bundled files against these figures).
     */
    public static final Map<String, Subset> BUNDLED_SUBSETS = Map.of(
            "mnist", new Subset(1000, new Info(10, 28, 28, 100, 100)),
            "fashion-mnist", new Subset(1000, new Info(10, 28, 28, 100, 100)));

    /** A bundled subset: its training images in all and the facts validation checks a spec against. */
    public record Subset(int trainImages, Info info) {}

    private Datasets() {}

    public static Info info(String dataset) {
        Info i = KNOWN.get(dataset);
        if (i == null) {
            throw new IllegalArgumentException("unknown dataset '" + dataset + "'; available: " + KNOWN.keySet());
        }
        return i;
    }

    // Defaults for a dataset whose facts are unknown (a name validation then refuses) are MNIST's.
    private static Info orMnist(Info info) {
        return info == null ? KNOWN.get("mnist") : info;
    }

    static List<Integer> allClasses(Info info) {
        return IntStream.range(0, orMnist(info).classes()).boxed().toList();
    }

    static List<Integer> lowerHalf(Info info) {
        List<Integer> all = allClasses(info);
        return all.size() < 4 ? all : all.subList(0, all.size() / 2);
    }

    static List<Integer> upperHalf(Info info) {
        List<Integer> all = allClasses(info);
        return all.size() < 4 ? all : all.subList(all.size() / 2, all.size());
    }

    /** 500 source examples per class, or what the smallest class has left after {@code validationPerClass} are carved out. */
    static int defaultSourceExamples(Info info, int validationPerClass) {
        int left = orMnist(info).minTrainPerClass() - validationPerClass;
        return Math.max(1, Math.min(500, left));
    }

    static int defaultValidation(Info info) {
        return orMnist(info).minTestPerClass();
    }
}
