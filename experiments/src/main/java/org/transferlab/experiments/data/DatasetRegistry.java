package org.transferlab.experiments.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.experiments.checkpoint.ArtifactStore;
import org.transferlab.protocol.data.DatasetFiles;
import org.transferlab.protocol.spec.DataSourceSpec;
import org.transferlab.protocol.spec.DataSpec;
import org.transferlab.protocol.spec.Datasets;

/**
 * Every dataset TransferLab loads, by the name a spec uses ({@link Datasets#KNOWN}): {@code mnist}
 * and {@code fashion-mnist} (IDX files, official train/test parts), {@code digits}, {@code iris},
 * {@code wine} (sklearn CSV files, seeded stratified 70/30 split). Files come from
 * {@code <datasetRoot>/<name>/} as {@code scripts/fetch-data.sh} installs them; without them the
 * copies bundled on the classpath are used (subsets for the two IDX datasets, complete files for
 * the rest) and one log line says so. Each dataset is loaded once and then shared read-only by
 * every thread; a bundled subset is given up for the fetched files once they appear. Never
 * downloads anything.
 */
public final class DatasetRegistry {

    private static final Logger log = LoggerFactory.getLogger(DatasetRegistry.class);

    private final Path datasetRoot;
    private final Map<String, Dataset> loaded = new ConcurrentHashMap<>();

    /** @param datasetRoot directory holding fetched datasets; may be null to use bundled copies only */
    public DatasetRegistry(Path datasetRoot) {
        this.datasetRoot = datasetRoot;
    }

    /** @throws IllegalArgumentException naming the known datasets when {@code name} is not one */
    public Dataset get(String name) throws IOException {
        if (name == null || !Datasets.KNOWN.containsKey(name)) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; available: "
                    + new TreeSet<>(Datasets.KNOWN.keySet()));
        }
        // a worker that fell back to a bundled subset reads files fetched since from its next trial on, as the
        // orchestrator (which checks specs against what is on disk) expects, without a restart
        boolean fallback = Datasets.BUNDLED_SUBSETS.containsKey(name)
                && !IdxDataset.fetched(datasetRoot == null ? null : datasetRoot.resolve(name));
        return once(fallback ? name + " (bundled subset)" : name, () -> load(name, datasetRoot));
    }

    /**
     * Dataset {@code name} of a spec: one of {@code data.sources} (the lab's files, from the zip the
     * orchestrator stored as {@code artifact}, fetched through {@code artifacts} and kept by checksum;
     * packed here from {@code path} when the spec was never resolved by an orchestrator), else a
     * bundled one by name.
     */
    public Dataset get(DataSpec data, String name, ArtifactStore artifacts) throws IOException {
        DataSourceSpec source = data == null ? null : data.source(name);
        if (source == null) {
            return get(name);
        }
        String key = "source:" + (source.sha256() != null ? source.sha256() : source.path() + "|" + source);
        return once(key, () -> {
            Dataset read = loadSource(name, source, artifacts);
            log.info("{}: using {} ({} train, {} test examples, {} classes, {}x{}x{})", name, read.origin(),
                    read.train().size(), read.test().size(), read.info().classes(), read.info().channels(),
                    read.info().height(), read.info().width());
            return read;
        });
    }

    /** Reads a dataset into memory. */
    @FunctionalInterface
    private interface Loader {
        Dataset load() throws IOException;
    }

    /** The dataset cached under {@code key}, loaded by the first caller that asks while others wait for it. */
    private Dataset once(String key, Loader loader) throws IOException {
        Dataset cached = loaded.get(key);
        if (cached != null) {
            return cached;
        }
        synchronized (this) {
            cached = loaded.get(key);
            if (cached == null) {
                cached = loader.load();
                loaded.put(key, cached);
            }
        }
        return cached;
    }

    private static Dataset loadSource(String name, DataSourceSpec source, ArtifactStore artifacts) throws IOException {
        if (source.artifact() != null) {
            return FileDataset.load(name, source, artifacts.fetch(source.artifact()));
        }
        Path zip = Files.createTempFile("tlab-dataset-", ".zip");
        try {
            DatasetFiles.pack(source, zip);
            return FileDataset.load(name, source, zip);
        } finally {
            Files.deleteIfExists(zip);
        }
    }

    /** Loads without caching. */
    public static Dataset load(String name, Path datasetRoot) throws IOException {
        Path dir = datasetRoot == null ? null : datasetRoot.resolve(name);
        Dataset dataset = switch (name) {
            case "mnist", "fashion-mnist" -> {
                Dataset full = dir == null ? null : IdxDataset.fromDirectory(name, dir);
                if (full == null && dir != null) {
                    log.info("{}: {} does not hold the four IDX files (run scripts/fetch-data.sh)", name, dir);
                }
                yield full != null ? full : IdxDataset.bundled(name);
            }
            case "digits", "iris", "wine" -> SklearnCsv.load(name, dir);
            default -> throw new IllegalArgumentException("unknown dataset '" + name + "'; available: "
                    + new TreeSet<>(Datasets.KNOWN.keySet()));
        };
        log.info("{}: using {}{} ({} train, {} test examples)", name, dataset.origin(),
                dataset.bundledSubset() ? " (bundled subset)" : "", dataset.train().size(), dataset.test().size());
        return dataset;
    }
}
