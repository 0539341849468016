package org.transferlab.lab.node;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HeapSizeTest {

    @Test
    void the_start_line_names_the_heap_the_machine_and_the_share() {
        String line = HeapSize.describe(4L << 30, 16L << 30);
        assertTrue(line.startsWith("heap: up to 4,096 MiB of this machine's 16,384 MiB (25%)"), line);
        assertTrue(line.contains("TLAB_JAVA_OPTS"), line);
    }
}
