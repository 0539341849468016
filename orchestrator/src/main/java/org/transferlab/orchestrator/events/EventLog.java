package org.transferlab.orchestrator.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.transferlab.orchestrator.store.LabStore;
import org.transferlab.orchestrator.store.StepMetrics;
import org.transferlab.protocol.view.LabEvent;

/**
 * Records events and fans them out. An event is written to the store before any subscriber sees
 * it, so a client that reconnects with the last sequence number it saw misses nothing.
 * Subscribers must not block: they are called on the recording thread.
 */
public final class EventLog {

    private final LabStore store;
    private final CopyOnWriteArrayList<Subscription> subscribers = new CopyOnWriteArrayList<>();

    public EventLog(LabStore store) {
        this.store = store;
    }

    public LabEvent record(String experimentId, String trialId, LabEvent.Kind type, String message) {
        return record(experimentId, trialId, type, message, null, null);
    }

    public LabEvent record(String experimentId, String trialId, LabEvent.Kind type, String message,
            Integer epoch, Map<String, Double> metrics) {
        LabEvent saved = store.events().append(draft(experimentId, trialId, type, message, epoch, metrics));
        publish(saved);
        return saved;
    }

    /** An event not recorded yet (sequence 0), stamped now; see {@link #recordBatch}. */
    public static LabEvent draft(String experimentId, String trialId, LabEvent.Kind type, String message,
            Integer epoch, Map<String, Double> metrics) {
        return new LabEvent(0, experimentId, trialId, type, System.currentTimeMillis(), message, epoch, metrics);
    }

    /**
     * Records a batch of reported steps and their events in one transaction, then fans the events
     * out in order: the cheap path for frequent results.
     */
    public List<LabEvent> recordBatch(List<StepMetrics> steps, List<LabEvent> drafts) {
        List<LabEvent> saved = store.recordResults(steps, drafts);
        saved.forEach(this::publish);
        return saved;
    }

    private void publish(LabEvent saved) {
        for (Subscription s : subscribers) {
            if (s.experimentId == null || s.experimentId.equals(saved.experimentId())) {
                s.consumer.accept(saved);
            }
        }
    }

    /** Live events of one experiment, or of all when {@code experimentId} is null. */
    public Subscription subscribe(String experimentId, Consumer<LabEvent> consumer) {
        Subscription s = new Subscription(experimentId, consumer);
        subscribers.add(s);
        return s;
    }

    public int subscriberCount() {
        return subscribers.size();
    }

    /** A live subscription; close it when the client goes away. */
    public final class Subscription implements AutoCloseable {
        private final String experimentId;
        private final Consumer<LabEvent> consumer;

        private Subscription(String experimentId, Consumer<LabEvent> consumer) {
            this.experimentId = experimentId;
            this.consumer = consumer;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }
}
