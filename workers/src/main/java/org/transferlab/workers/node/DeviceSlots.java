package org.transferlab.workers.node;

import org.nd4j.linalg.factory.Nd4j;
import org.transferlab.workers.WorkerSettings;

/**
 * How many slots this machine offers and whether the native thread count suits them. On a GPU build
 * (device {@code cuda}) it is one slot per visible device, asked of ND4J; on CPU it is the configured
 * count, and each slot's trial gets {@code OMP_NUM_THREADS} native threads, which ND4J reads once per
 * process.
 *
 * <p>The count is asked for before the node's actor system starts, not when {@link WorkerNode}
 * spawns the slots: the training dispatcher's thread pool is sized from {@code transferlab.worker.slots}
 * in the system's config, so the launching command puts the count there first.
 */
public final class DeviceSlots {

    private DeviceSlots() {}

    /** The slot count for these settings: the configured one on CPU, one per visible GPU on {@code cuda}. */
    public static int count(WorkerSettings settings) {
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
     * @return the warning to log, or null when the setting fits
     */
    static String nativeThreadsMismatch(WorkerSettings settings, String ompNumThreads, int cores) {
        if (!settings.device().equals("cpu")) {
            return null;
        }
        int fitting = Math.max(1, cores / settings.slots());
        if (ompNumThreads == null || ompNumThreads.isBlank()) {
            return "OMP_NUM_THREADS is not set: ND4J will start one native thread per core in every one of the "
                    + settings.slots() + " slots; start the worker with OMP_NUM_THREADS=" + fitting
                    + " (the tlab launcher does)";
        }
        try {
            int threads = Integer.parseInt(ompNumThreads.strip());
            if (threads * settings.slots() > cores) {
                return "OMP_NUM_THREADS=" + threads + " with " + settings.slots() + " slots asks for "
                        + threads * settings.slots() + " native threads on " + cores
                        + " cores: trials will slow each other down; use OMP_NUM_THREADS=" + fitting;
            }
            return null;
        } catch (NumberFormatException e) {
            return "OMP_NUM_THREADS='" + ompNumThreads + "' is not a number; use " + fitting;
        }
    }
}
