package org.transferlab.lab;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;

/** The specs the README points people at must be valid as shipped. */
class ExampleSpecsTest {

    @Test
    void every_example_spec_parses_and_validates() throws IOException {
        List<Path> specs;
        try (Stream<Path> files = Files.list(Path.of("..", "examples"))) {
            specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertFalse(specs.isEmpty(), "examples/ holds specs");
        for (Path spec : specs) {
            ExperimentSpec parsed = SpecCodec.parse(Files.readString(spec));
            assertTrue(parsed.search().trials() > 0, spec.toString());
        }
    }
}
