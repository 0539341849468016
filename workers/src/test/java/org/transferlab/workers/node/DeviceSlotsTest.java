package org.transferlab.workers.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.transferlab.workers.WorkerSettings;

class DeviceSlotsTest {

    static WorkerSettings cpu(int slots) {
        return new WorkerSettings(slots, "cpu", "", Path.of("c"), Path.of("d"), Duration.ZERO, "", Duration.ofSeconds(1));
    }

    @Test
    void one_thread_per_slot_on_as_many_cores_fits() {
        assertNull(DeviceSlots.nativeThreadsMismatch(cpu(2), "1", 2));
        assertNull(DeviceSlots.nativeThreadsMismatch(cpu(2), "2", 4));
    }

    @Test
    void unset_or_oversubscribed_threads_warn_with_the_fitting_value() {
        String unset = DeviceSlots.nativeThreadsMismatch(cpu(2), null, 2);
        assertTrue(unset.contains("OMP_NUM_THREADS is not set") && unset.contains("OMP_NUM_THREADS=1"), unset);
        String over = DeviceSlots.nativeThreadsMismatch(cpu(2), "2", 2);
        assertTrue(over.contains("4 native threads on 2 cores") && over.endsWith("use OMP_NUM_THREADS=1"), over);
        assertTrue(DeviceSlots.nativeThreadsMismatch(cpu(1), "many", 8).contains("use 8"));
    }

    @Test
    void cpu_slots_default_to_the_configured_count() {
        assertEquals(3, DeviceSlots.count(cpu(3)));
    }
}
