package org.transferlab.lab;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.transferlab.workers.WorkerSettings;

/**
 * How many slots a worker offers and whether the native thread count suits them. On a GPU build
 * (device {@code cuda}) it is one slot per visible device; on CPU it is the configured count, and
 * each slot's trial gets {@code OMP_NUM_THREADS} native threads, which ND4J reads once per process.
 */
final class DeviceSlots {

    private static final Logger log = LoggerFactory.getLogger(DeviceSlots.class);

    private DeviceSlots() {}

    static int defaultSlots(WorkerSettings settings) {
        if (!settings.device().equals("cuda")) {
            return settings.slots();
        }
        int devices;
        String backend;
        try {
            devices = Nd4j.getAffinityManager().getNumberOfDevices();
            backend = Nd4j.getBackend().getClass().getSimpleName();
        } catch (LinkageError | RuntimeException e) {
            throw new IllegalStateException("the ND4J backend did not load (" + rootMessage(e) + "): device 'cuda' needs the"
                    + " NVIDIA driver, the CUDA 11.6 runtime and cuDNN 8 on this machine (docker/worker-cuda.Dockerfile has them)", e);
        }
        if (!backend.toLowerCase(java.util.Locale.ROOT).contains("cuda")) {
            throw new IllegalStateException("device 'cuda' needs the CUDA build of tlab (mvn -Pcuda package); this one runs "
                    + backend);
        }
        log.info("{} visible GPU(s): one slot each", devices);
        return Math.max(1, devices);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /**
     * CPU slots run side by side in one process, so each should have {@code cores / slots} native
     * threads; a different OMP_NUM_THREADS either idles cores or makes trials fight over them.
     *
     * @return the warning logged, or null when the setting fits
     */
    static String warnIfNativeThreadsMismatch(WorkerSettings settings, String ompNumThreads, int cores) {
        if (!settings.device().equals("cpu")) {
            return null;
        }
        int fitting = Math.max(1, cores / settings.slots());
        String warning = null;
        if (ompNumThreads == null || ompNumThreads.isBlank()) {
            warning = "OMP_NUM_THREADS is not set: ND4J will start one native thread per core in every one of the "
                    + settings.slots() + " slots; start the worker with OMP_NUM_THREADS=" + fitting
                    + " (the tlab launcher does)";
        } else {
            try {
                int threads = Integer.parseInt(ompNumThreads.strip());
                if (threads * settings.slots() > cores) {
                    warning = "OMP_NUM_THREADS=" + threads + " with " + settings.slots() + " slots asks for "
                            + threads * settings.slots() + " native threads on " + cores
                            + " cores: trials will slow each other down; use OMP_NUM_THREADS=" + fitting;
                }
            } catch (NumberFormatException e) {
                warning = "OMP_NUM_THREADS='" + ompNumThreads + "' is not a number; use " + fitting;
            }
        }
        if (warning != null) {
            log.warn(warning);
        }
        return warning;
    }
}
