package org.transferlab.orchestrator.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.protocol.data.IdxFiles;
import org.transferlab.protocol.spec.Datasets;
import org.transferlab.protocol.spec.LabDatasets;

/**
 * What the lab's workers will read of MNIST and Fashion-MNIST, found the way a worker finds it, so
 * that a spec needing more examples than the lab holds is refused at submission rather than failed
 * when its trial runs. A worker reads the four IDX files under {@code <dataset-root>/<name>/} (raw
 * or gzipped) and falls back to the bundled 1,000-image subset when any of them is missing; here
 * the same files are looked for, and where they are present their label files (60 KB for the full
 * MNIST) are counted per class and the image files' headers checked, without reading a pixel.
 *
 * <p>Only where the orchestrator sees the workers' directory ({@code transferlab.orchestrator.dataset-root},
 * which {@code tlab standalone} sets to the one its workers read) does it know anything: without a
 * root, or for files it cannot read (which the worker will then refuse with its own error), the
 * full datasets are assumed, as before. The files are looked for at every check and counted again
 * when one of them was added, removed or rewritten since (size or modification time), so a dataset
 * fetched while the lab runs counts from the next submission on (and a worker reads it from its
 * next trial on).
 */
public final class DatasetsOnDisk {

    private static final Logger log = LoggerFactory.getLogger(DatasetsOnDisk.class);

    private final Path root;
    /** Per dataset: what was counted, and the files' names, sizes and times it was counted from. */
    private final Map<String, Counted> counted = new ConcurrentHashMap<>();

    /** A count of the four files, valid while none of them is added, removed, resized or rewritten. */
    private record Counted(List<String> stamp, LabDatasets.Held held) {}

    /** @param root the directory the lab's workers read datasets from; null when the orchestrator cannot see it */
    public DatasetsOnDisk(Path root) {
        this.root = root;
    }

    /** The bundled datasets as the workers will hold them now: {@link LabDatasets#FULL} where that is all one can say. */
    public LabDatasets read() {
        if (root == null) {
            return LabDatasets.FULL;
        }
        Map<String, LabDatasets.Held> held = new HashMap<>();
        for (String name : Datasets.BUNDLED_SUBSETS.keySet()) {
            LabDatasets.Held h = held(name, root.resolve(name));
            if (h != null) {
                held.put(name, h);
            }
        }
        return new LabDatasets(held);
    }

    private LabDatasets.Held held(String name, Path dir) {
        Datasets.Info full = Datasets.KNOWN.get(name);
        List<String> missing = new ArrayList<>();
        Map<String, Path> files = new HashMap<>();
        for (String file : List.of(IdxFiles.TRAIN_IMAGES, IdxFiles.TRAIN_LABELS, IdxFiles.TEST_IMAGES, IdxFiles.TEST_LABELS)) {
            Path found = IdxFiles.find(dir, file);
            if (found == null) {
                missing.add(file);
            } else {
                files.put(file, found);
            }
        }
        if (!missing.isEmpty()) {
            Datasets.Subset subset = Datasets.BUNDLED_SUBSETS.get(name);
            String where = files.isEmpty() ? "" : " (" + dir + " lacks " + String.join(", ", missing) + ")";
            return new LabDatasets.Held(subset.info(), "it holds only the bundled " + count(subset.trainImages())
                    + "-image subset of " + name + where + ", not the full set (" + count(full.minTrainPerClass())
                    + " training images in its smallest class); " + fetch(name));
        }
        List<String> stamp = stamp(files);
        Counted known = counted.get(name);
        if (known != null && known.stamp().equals(stamp)) {
            return known.held(); // the same files: the dashboard validates at every edit, so nothing is read again
        }
        LabDatasets.Held h = count(name, dir, files, full);
        if (!stamp.isEmpty()) {
            counted.put(name, new Counted(stamp, h));
        }
        return h;
    }

    /** Each file's path, size and last modification, or nothing when one of them cannot be read. */
    private static List<String> stamp(Map<String, Path> files) {
        List<String> stamp = new ArrayList<>();
        for (Path f : new TreeMap<>(files).values()) {
            try {
                stamp.add(f + " " + Files.size(f) + " " + Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                return List.of();
            }
        }
        return stamp;
    }

    private LabDatasets.Held count(String name, Path dir, Map<String, Path> files, Datasets.Info full) {
        try {
            int[] train = perClass(files.get(IdxFiles.TRAIN_LABELS), files.get(IdxFiles.TRAIN_IMAGES), full);
            int[] test = perClass(files.get(IdxFiles.TEST_LABELS), files.get(IdxFiles.TEST_IMAGES), full);
            Datasets.Info counted = new Datasets.Info(full.classes(), full.height(), full.width(), min(train), min(test),
                    full.channels());
            if (counted.minTrainPerClass() >= full.minTrainPerClass() && counted.minTestPerClass() >= full.minTestPerClass()) {
                return null;
            }
            return new LabDatasets.Held(counted, dir + " holds " + count(sum(train)) + " training images of " + name
                    + ", not the full set (" + count(full.minTrainPerClass()) + " in its smallest class); " + fetch(name));
        } catch (IOException e) {
            // the worker refuses these files with its own error when a trial reads them; nothing is known here
            log.warn("{}: cannot count {} ({}); specs are checked against the full dataset", name, dir, e.getMessage());
            return null;
        }
    }

    /** The command that installs the full set where the workers read it. */
    private String fetch(String name) {
        Path parent = root.toAbsolutePath().getParent();
        if (parent != null && root.getFileName() != null && root.getFileName().toString().equals("datasets")) {
            return "fetch it with `scripts/fetch-data.sh " + parent + " " + name + "`";
        }
        return "fetch it with `scripts/fetch-data.sh DIR " + name + "` and copy DIR/datasets/" + name + " to "
                + root.resolve(name);
    }

    /**
     * Examples of each class in one part: its label file counted, checked against its image file's
     * header (the same count, images of the dataset's size, as the worker checks them). Read with the
     * workers' own IDX reader, so both sides agree on what a file holds.
     */
    private static int[] perClass(Path labels, Path images, Datasets.Info info) throws IOException {
        int[] counts = new int[info.classes()];
        byte[] all = IdxFiles.readLabels(labels);
        for (byte b : all) {
            int label = b & 0xff;
            if (label >= counts.length) {
                throw new IOException(labels + " has label " + label + " outside 0.." + (counts.length - 1));
            }
            counts[label]++;
        }
        IdxFiles.ImageHeader header = IdxFiles.readImageHeader(images);
        if (header.count() != all.length || header.rows() != info.height() || header.cols() != info.width()) {
            throw new IOException(images + " does not hold " + all.length + " images of " + info.height() + "x" + info.width());
        }
        return counts;
    }

    private static int min(int[] counts) {
        int m = Integer.MAX_VALUE;
        for (int c : counts) {
            m = Math.min(m, c);
        }
        return m;
    }

    private static int sum(int[] counts) {
        int s = 0;
        for (int c : counts) {
            s += c;
        }
        return s;
    }

    private static String count(int n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
