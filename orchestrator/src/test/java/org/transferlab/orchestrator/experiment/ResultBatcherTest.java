package org.transferlab.orchestrator.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.events.EventLog;
import org.transferlab.orchestrator.store.StepMetrics;
import org.transferlab.protocol.view.LabEvent;
import org.transferlab.protocol.view.LabEvent.Kind;

class ResultBatcherTest {

    static void epoch(ResultBatcher batcher, int epoch) {
        batcher.step(new StepMetrics("t", epoch, Map.of("val_accuracy", 0.5), epoch));
        batcher.event(EventLog.draft("exp", "t", Kind.TRIAL_METRICS, null, epoch, Map.of("val_accuracy", 0.5)));
    }

    @Test
    void the_first_waiting_epoch_starts_the_timer_and_later_ones_wait_for_it() {
        ResultBatcher batcher = new ResultBatcher(3);
        assertEquals(ResultBatcher.Next.WAIT, batcher.next(false), "nothing waits");
        epoch(batcher, 1);
        assertEquals(ResultBatcher.Next.START_TIMER, batcher.next(false));
        epoch(batcher, 2);
        assertEquals(ResultBatcher.Next.WAIT, batcher.next(true));
    }

    @Test
    void a_full_batch_is_written_at_once_even_while_the_timer_runs() {
        ResultBatcher batcher = new ResultBatcher(3);
        for (int epoch = 1; epoch <= 3; epoch++) {
            epoch(batcher, epoch);
        }
        assertEquals(ResultBatcher.Next.FLUSH, batcher.next(true));
    }

    @Test
    void a_drained_batch_keeps_the_order_things_came_in_and_leaves_the_batcher_empty() {
        ResultBatcher batcher = new ResultBatcher(10);
        epoch(batcher, 1);
        batcher.event(EventLog.draft("exp", "t", Kind.TRIAL_DECISION, "stop after epoch 1: below median", 1, null));
        epoch(batcher, 2);
        ResultBatcher.Batch batch = batcher.drain();
        assertEquals(List.of(1, 2), batch.steps().stream().map(StepMetrics::step).toList());
        assertEquals(List.of(Kind.TRIAL_METRICS, Kind.TRIAL_DECISION, Kind.TRIAL_METRICS), batch.events().stream().map(LabEvent::kind).toList());
        assertTrue(batcher.isEmpty());
        assertEquals(0, batcher.drain().events().size());
    }
}
