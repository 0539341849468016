package org.transferlab.lab.node;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start how much heap this node may use and how much memory the machine has, so a user can
 * see the lab sized itself to the machine (the {@code tlab} launcher gives the JVM a share of RAM,
 * not a fixed heap) and where to change it.
 */
final class HeapSize {

    private static final Logger log = LoggerFactory.getLogger(HeapSize.class);

    private HeapSize() {}

    static String describe(long maxHeapBytes, long machineBytes) {
        double share = machineBytes <= 0 ? Double.NaN : 100.0 * maxHeapBytes / machineBytes;
        return String.format(Locale.ROOT, "heap: up to %,d MiB of this machine's %,d MiB (%.0f%%); ND4J's off-heap buffers "
                        + "may take as much again; set TLAB_JAVA_OPTS (e.g. -Xmx6g) to change it",
                maxHeapBytes >> 20, machineBytes >> 20, share);
    }

    static void log() {
        long machine = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        log.info(describe(Runtime.getRuntime().maxMemory(), machine));
    }
}
