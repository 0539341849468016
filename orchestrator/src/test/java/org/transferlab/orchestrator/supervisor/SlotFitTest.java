package org.transferlab.orchestrator.supervisor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;

class SlotFitTest {

    static WorkItem asking(Object device) {
        TrialConfig config = new TrialConfig(1, 1, 0.1, 0.1, 0, 0, 1, 0, device == null ? "any" : device.toString(),
                null, null, null, null);
        return new WorkItem("w", "e", "t", StageKind.FINETUNE, null, config, Map.of(), null, "http://x");
    }

    @Test
    void work_without_a_device_runs_anywhere() {
        assertTrue(WorkQueue.fits(asking(null), "cpu"));
        assertTrue(WorkQueue.fits(asking(null), "cuda:0"));
        assertTrue(WorkQueue.fits(asking("any"), "cuda:1"));
    }

    @Test
    void gpu_work_waits_for_a_gpu_slot_and_cpu_work_for_a_cpu_slot() {
        assertTrue(WorkQueue.fits(asking("gpu"), "cuda:0"));
        assertFalse(WorkQueue.fits(asking("gpu"), "cpu"));
        assertTrue(WorkQueue.fits(asking("cuda"), "cuda:3"));
        assertTrue(WorkQueue.fits(asking("cpu"), "cpu"));
        assertFalse(WorkQueue.fits(asking("cpu"), "cuda:0"));
    }
}
