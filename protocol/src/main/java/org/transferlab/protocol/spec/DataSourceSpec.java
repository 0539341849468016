package org.transferlab.protocol.spec;

/**
 * A dataset from the lab's own files ({@code data.sources.<name>}), used by naming it in
 * {@code data.dataset} or {@code data.sourceDataset} like a bundled one. {@code type}:
 * <ul>
 *   <li>{@code images}: a folder with one sub-folder per class (sorted names are classes 0, 1, …) of
 *       PNG, JPEG, GIF or BMP images of any size, resized to {@code height × width} and read as grey
 *       ({@code channels: 1}) or RGB ({@code channels: 3});</li>
 *   <li>{@code csv}: a table with a header row, numeric feature columns and an integer class column
 *       ({@code label}, default the last); features are standardised with the training part's statistics;</li>
 *   <li>{@code npz}: NumPy arrays {@code x} (examples × features, or × channels × height × width) and
 *       {@code y} (integer classes) saved with {@code numpy.savez}; float features are used as they are.</li>
 * </ul>
 * A seeded, per-class {@code testFraction} (default 0.3) of the examples is the test part.
 *
 * <p>The orchestrator reads {@code path} on its own machine when the spec is submitted and fills in
 * the rest: {@code classes} and the fewest training and test examples any class has (checked like a
 * bundled dataset's), and the {@code sha256} and {@code artifact} of a canonical zip of the files it
 * stored in the artifact store, which is what workers fetch (and cache by checksum). A user leaves
 * those out.
 */
public record DataSourceSpec(
        String type,
        String path,
        Integer height,
        Integer width,
        Integer channels,
        Double testFraction,
        String label,
        Integer classes,
        Integer minTrainPerClass,
        Integer minTestPerClass,
        String sha256,
        String artifact) {

    /** The kinds of files a source may be: what {@code type} may be. */
    public enum Type implements SpecWord { IMAGES, CSV, NPZ }

    DataSourceSpec withDefaults() {
        return new DataSourceSpec(type, path, height, width, channels == null ? 1 : channels,
                testFraction == null ? 0.3 : testFraction, label, classes, minTrainPerClass, minTestPerClass, sha256, artifact);
    }

    /** This source with what the orchestrator found in its files. */
    public DataSourceSpec resolved(int classes, int height, int width, int channels, int minTrain, int minTest, String sha256,
            String artifact) {
        return new DataSourceSpec(type, path, height, width, channels, testFraction, label, classes, minTrain, minTest, sha256,
                artifact);
    }

    /** Whether the orchestrator has read the files (classes and per-class counts are known). */
    public boolean counted() {
        return classes != null && minTrainPerClass != null && minTestPerClass != null && height != null && width != null;
    }

    /** The facts validation checks a spec against, once resolved. */
    public Datasets.Info info() {
        return new Datasets.Info(classes, height, width, minTrainPerClass, minTestPerClass, channels == null ? 1 : channels);
    }
}
