package org.transferlab.experiments.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.spec.Datasets;

/**
 * The orchestrator, which cannot read the bundled subsets (they ship with the workers), refuses a
 * spec on a lab without the fetched files by {@link Datasets#BUNDLED_SUBSETS}; those figures must
 * be what a worker falling back to the bundled files actually has.
 */
class BundledSubsetFactsTest {

    @Test
    void the_bundled_subsets_hold_what_the_orchestrator_checks_specs_against() throws IOException {
        assertEquals(java.util.Set.of("mnist", "fashion-mnist"), Datasets.BUNDLED_SUBSETS.keySet());
        for (var entry : Datasets.BUNDLED_SUBSETS.entrySet()) {
            Dataset bundled = IdxDataset.bundled(entry.getKey());
            Datasets.Info facts = entry.getValue().info();
            assertEquals(entry.getValue().trainImages(), bundled.train().size(), entry.getKey());
            assertEquals(facts.minTrainPerClass(), smallestClass(bundled.train(), facts.classes()), entry.getKey());
            assertEquals(facts.minTestPerClass(), smallestClass(bundled.test(), facts.classes()), entry.getKey());
            Datasets.Info full = Datasets.KNOWN.get(entry.getKey());
            assertEquals(java.util.List.of(full.classes(), full.height(), full.width(), full.channels()),
                    java.util.List.of(facts.classes(), facts.height(), facts.width(), facts.channels()), entry.getKey());
        }
    }

    private static int smallestClass(LabeledExamples part, int classes) {
        return IntStream.range(0, classes).map(c -> part.indicesOf(c).length).min().orElseThrow();
    }
}
