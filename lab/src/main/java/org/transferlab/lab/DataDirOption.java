package org.transferlab.lab;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --data-dir} option, mixed into the commands that run a lab ({@code standalone},
 * {@code orchestrator}) and into the client commands, which read the local lab's {@code api-token}
 * there: one directory, one rule. Without the option it is {@code TLAB_DATA_DIR}, else
 * {@code ./tlab-data}, as the orchestrator's {@code transferlab.data-dir} (reference.conf) is, so a
 * client finds the token a lab started without the option wrote.
 */
public final class DataDirOption {

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "the lab's data directory: database, artifacts, datasets and api-token (default: $TLAB_DATA_DIR or ./tlab-data)")
    Path given;

    /** The directory the option names; empty without the option. */
    public Optional<Path> given() {
        return Optional.ofNullable(given);
    }

    /** The directory the option names, else {@code TLAB_DATA_DIR}, else {@code ./tlab-data}. */
    public Path path() {
        if (given != null) {
            return given;
        }
        String fromEnv = System.getenv("TLAB_DATA_DIR");
        return Path.of(fromEnv == null || fromEnv.isBlank() ? "./tlab-data" : fromEnv);
    }
}
