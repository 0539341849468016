package org.transferlab.lab.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The first start asks fetch-data.sh for every dataset the README promises that is not installed, not only MNIST. */
class DataFetchTest {

    @Test
    void first_start_fetches_every_missing_dataset_and_then_nothing(@TempDir Path home, @TempDir Path data) throws Exception {
        Path calls = home.resolve("calls");
        Files.createDirectories(home.resolve("scripts"));
        // a stand-in for scripts/fetch-data.sh: records its arguments and installs what it was asked for
        Files.writeString(home.resolve("scripts/fetch-data.sh"), """
                dir="$1"; shift; echo "$*" >> '%s'
                for d in "$@"; do mkdir -p "$dir/datasets/$d"; done
                touch "$dir/datasets/mnist/train-images-idx3-ubyte" "$dir/datasets/fashion-mnist/train-images-idx3-ubyte.gz" \\
                      "$dir/datasets/digits/digits.csv.gz" "$dir/datasets/iris/iris.csv" "$dir/datasets/wine/wine_data.csv"
                """.formatted(calls));
        Files.createDirectories(data.resolve("datasets/iris"));
        Files.writeString(data.resolve("datasets/iris/iris.csv"), "already here");
        String before = System.getProperty("tlab.home");
        System.setProperty("tlab.home", home.toString());
        try {
            assertEquals(List.of("mnist", "fashion-mnist", "digits", "wine"), DataFetch.missing(data));
            assertEquals(0, DataFetch.ensureDatasets(data));
            assertEquals(List.of("mnist fashion-mnist digits wine"), Files.readAllLines(calls));
            assertEquals(0, DataFetch.ensureDatasets(data));
            assertEquals(1, Files.readAllLines(calls).size(), "nothing missing: the script does not run again");
        } finally {
            if (before == null) {
                System.clearProperty("tlab.home");
            } else {
                System.setProperty("tlab.home", before);
            }
        }
    }
}
