package org.transferlab.orchestrator.supervisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.supervisor.WorkQueue.Running;
import org.transferlab.orchestrator.supervisor.WorkQueue.Slot;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.WorkItem;

/** Matching work with slots as plain bookkeeping: owners and slots are plain strings here. */
class WorkQueueTest {

    final WorkQueue<String, String> queue = new WorkQueue<>();

    static WorkItem work(String workId, String experimentId, String device) {
        TrialConfig config = new TrialConfig(1, 1, 0.1, 0.1, 0, 0, 1, 0, device, null, null, null, null);
        return new WorkItem(workId, experimentId, workId + "-trial", StageKind.FINETUNE, null, config, Map.of(), null, "http://x");
    }

    Slot<String> slot(String id, String device) {
        Slot<String> s = new Slot<>(id, "node", device, "ref-" + id);
        queue.join(s);
        return s;
    }

    static List<String> handed(List<Running<String, String>> assigned) {
        return assigned.stream().map(r -> r.work().workId() + "->" + r.slot().id()).toList();
    }

    @Test
    void work_waits_for_an_idle_slot_and_goes_oldest_first() {
        queue.enqueue(work("w1", "e", "any"), "owner");
        queue.enqueue(work("w2", "e", "any"), "owner");
        assertEquals(List.of(), queue.assign(), "no slot asked yet");
        queue.idle(slot("a", "cpu"));
        assertEquals(List.of("w1->a"), handed(queue.assign()));
        assertEquals(1, queue.queued());
        assertEquals(0, queue.idleCount());
        assertEquals(List.of(), queue.assign(), "a slot is handed one unit at a time");
    }

    @Test
    void work_for_a_gpu_waits_for_one_while_later_work_takes_the_cpu_slot() {
        queue.enqueue(work("gpu-work", "e", "gpu"), "owner");
        queue.enqueue(work("cpu-work", "e", "any"), "owner");
        queue.idle(slot("cpu-0", "cpu"));
        assertEquals(List.of("cpu-work->cpu-0"), handed(queue.assign()));
        queue.idle(slot("gpu-0", "cuda:0"));
        assertEquals(List.of("gpu-work->gpu-0"), handed(queue.assign()));
    }

    @Test
    void a_slot_joins_once_and_is_handed_work_at_the_address_it_last_asked_from() {
        assertTrue(queue.join(new Slot<>("a", "node", "cpu", "first")));
        assertFalse(queue.join(new Slot<>("a", "node", "cpu", "second")));
        queue.idle(new Slot<>("a", "node", "cpu", "second"));
        queue.enqueue(work("w1", "e", "any"), "owner");
        assertEquals("second", queue.assign().getFirst().slot().handle());
        assertEquals("first", queue.slot("a").orElseThrow().handle(), "stops and cancels go where the slot joined from");
    }

    @Test
    void only_queued_work_can_be_withdrawn() {
        queue.enqueue(work("w1", "e", "any"), "owner");
        queue.enqueue(work("w2", "e", "any"), "owner");
        queue.idle(slot("a", "cpu"));
        queue.assign();
        assertTrue(queue.withdraw("w1").isEmpty(), "w1 runs: its slot is told to stop instead");
        assertTrue(queue.running("w1").isPresent());
        assertEquals("owner", queue.withdraw("w2").orElseThrow().owner());
        assertEquals(0, queue.queued());
    }

    @Test
    void an_ended_experiment_loses_its_queued_work_and_its_running_work_is_returned_to_cancel() {
        queue.enqueue(work("e1-w1", "e1", "any"), "e1");
        queue.enqueue(work("e2-w1", "e2", "any"), "e2");
        queue.enqueue(work("e1-w2", "e1", "any"), "e1");
        queue.idle(slot("a", "cpu"));
        queue.assign();
        assertEquals(List.of("e1-w1"), queue.drop("e1").stream().map(r -> r.work().workId()).toList());
        assertEquals(0, queue.runningCount());
        queue.idle(slot("b", "cpu"));
        assertEquals(List.of("e2-w1->b"), handed(queue.assign()), "e1-w2 was dropped");
    }

    @Test
    void work_on_a_slot_that_asks_again_or_leaves_is_lost_and_no_longer_running() {
        queue.enqueue(work("w1", "e", "any"), "owner");
        queue.enqueue(work("w2", "e", "any"), "owner");
        queue.idle(slot("a", "cpu"));
        queue.idle(slot("b", "cpu"));
        queue.assign();
        assertEquals(List.of("w1"), queue.idle(queue.slot("a").orElseThrow()).stream().map(r -> r.work().workId()).toList());
        assertEquals(List.of("w2"), queue.leave("b").stream().map(r -> r.work().workId()).toList());
        assertEquals(0, queue.runningCount());
        assertEquals(1, queue.slotCount());
        assertEquals(1, queue.idleCount());
    }

    @Test
    void work_a_slot_refused_goes_back_to_the_head_of_the_queue() {
        queue.enqueue(work("w1", "e", "any"), "owner");
        queue.enqueue(work("w2", "e", "any"), "owner");
        queue.idle(slot("a", "cpu"));
        Running<String, String> refused = queue.assign().getFirst();
        queue.requeueFirst(queue.finish(refused.work().workId()).orElseThrow());
        queue.idle(slot("b", "cpu"));
        assertEquals(List.of("w1->b"), handed(queue.assign()));
        assertTrue(queue.finish("w1").isPresent());
        assertTrue(queue.finish("w1").isEmpty(), "a finished attempt is gone");
    }
}
