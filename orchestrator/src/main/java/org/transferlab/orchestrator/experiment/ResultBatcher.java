package org.transferlab.orchestrator.experiment;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.orchestrator.store.StepMetrics;
import org.transferlab.protocol.view.LabEvent;

/**
 * The reported epochs (metric rows and their events) waiting to be written together. Exists
 * because epochs are most of an experiment's traffic: writing them in one transaction at most
 * {@code result-flush-interval} late, or once {@code result-batch-size} wait, keeps the store from
 * being the bottleneck. Every other change is queued behind them and drains the batch, so the
 * store and the event stream keep the order in which things happened.
 */
final class ResultBatcher {

    /** What to do after something joined the batch. */
    enum Next {
        /** Write the batch now: it is full. */
        FLUSH,
        /** Start the flush timer: something waits and no timer runs. */
        START_TIMER,
        /** Nothing: the running timer will write it. */
        WAIT
    }

    /** A batch taken out for writing. */
    record Batch(List<StepMetrics> steps, List<LabEvent> events) {}

    private final int batchSize;
    private final List<StepMetrics> steps = new ArrayList<>();
    private final List<LabEvent> events = new ArrayList<>();

    ResultBatcher(int batchSize) {
        this.batchSize = batchSize;
    }

    void step(StepMetrics step) {
        steps.add(step);
    }

    void event(LabEvent event) {
        events.add(event);
    }

    boolean isEmpty() {
        return steps.isEmpty() && events.isEmpty();
    }

    Next next(boolean timerRunning) {
        if (steps.size() >= batchSize) {
            return Next.FLUSH;
        }
        return !events.isEmpty() && !timerRunning ? Next.START_TIMER : Next.WAIT;
    }

    /** Everything waiting, in the order it came; the batcher is empty afterwards. */
    Batch drain() {
        Batch batch = new Batch(List.copyOf(steps), List.copyOf(events));
        steps.clear();
        events.clear();
        return batch;
    }
}
