package org.transferlab.workers.slot;

import org.nd4j.linalg.factory.Nd4j;

/**
 * Binds a training thread to its slot's GPU. ND4J's CUDA backend keeps a device per thread; a slot
 * named {@code cuda:i} pins its training thread to device {@code i} before the trial allocates
 * anything, so two slots never share a GPU. CPU slots need nothing.
 */
final class DeviceBinding {

    private DeviceBinding() {}

    static void bindCurrentThread(String device) {
        Integer index = cudaIndex(device);
        if (index != null) {
            Nd4j.getAffinityManager().unsafeSetDevice(index);
        }
    }

    /** The GPU index of {@code cuda:i}, or null for a CPU device. */
    static Integer cudaIndex(String device) {
        if (device == null || !device.startsWith("cuda:")) {
            return null;
        }
        try {
            return Integer.parseInt(device.substring("cuda:".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("device '" + device + "' should read cuda:<index>", e);
        }
    }
}
