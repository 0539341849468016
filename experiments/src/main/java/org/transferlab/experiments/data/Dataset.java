package org.transferlab.experiments.data;

import java.util.Objects;
import org.transferlab.protocol.spec.Datasets;

/**
 * A loaded dataset: its registry name, the facts the spec is validated against (classes, input
 * shape), the training and test parts with normalised features, and whether the parts are the
 * complete dataset or the small subset bundled for tests and first runs.
 *
 * @param origin where the files came from (a directory or a classpath location)
 */
public record Dataset(String name, Datasets.Info info, LabeledExamples train, LabeledExamples test,
        boolean bundledSubset, String origin) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(info, "info");
        if (train.featuresPerExample() != info.inputs() || test.featuresPerExample() != info.inputs()) {
            throw new IllegalArgumentException(name + ": expected " + info.inputs() + " features per example, found "
                    + train.featuresPerExample() + " (train) and " + test.featuresPerExample() + " (test) in " + origin);
        }
    }

    /** Features per example, {@code channels × height × width}. */
    public int inputs() {
        return info.inputs();
    }

    /** True for image datasets, whose features a conv network reads as {@code channels × height × width}. */
    public boolean images() {
        return info.images();
    }
}
