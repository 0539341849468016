package org.transferlab.workers.slot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DeviceBindingTest {

    @Test
    void a_cuda_slot_names_its_gpu_and_a_cpu_slot_none() {
        assertEquals(0, DeviceBinding.cudaIndex("cuda:0"));
        assertEquals(3, DeviceBinding.cudaIndex("cuda:3"));
        assertNull(DeviceBinding.cudaIndex("cpu"));
        assertNull(DeviceBinding.cudaIndex(null));
    }

    @Test
    void a_malformed_cuda_device_is_refused_with_the_expected_form() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceBinding.cudaIndex("cuda:first"));
        assertEquals("device 'cuda:first' should read cuda:<index>", e.getMessage());
    }

    @Test
    void binding_a_cpu_slot_touches_no_backend() {
        DeviceBinding.bindCurrentThread("cpu");
    }
}
