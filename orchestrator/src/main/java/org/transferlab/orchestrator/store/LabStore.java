package org.transferlab.orchestrator.store;

import java.util.ArrayList;
import java.util.List;
import org.transferlab.protocol.view.LabEvent;

/**
 * Everything TransferLab records, one class per table over one {@link Database}; this class only
 * hands them out and owns the one write that spans tables, {@link #recordResults}. Tokens
 * ({@link TokenStore}) and slot usage ({@link SlotUsage}) are built from {@link #database()} where
 * they are needed.
 */
public record LabStore(Database database, ExperimentStore experiments, TrialStore trials, MetricStore metrics,
        EventStore events, ArtifactStore artifacts, ExploitStore exploits) {

    public LabStore(Database db) {
        this(db, new ExperimentStore(db), new TrialStore(db), new MetricStore(db), new EventStore(db), new ArtifactStore(db),
                new ExploitStore(db));
    }

    /**
     * Writes a batch of reported steps and the events that go with them in one transaction: metric
     * rows (a step already stored is kept, not duplicated, and does not touch its trial), each
     * trial's latest values, then the events in order. Returns the events with their sequence numbers.
     */
    public List<LabEvent> recordResults(List<StepMetrics> steps, List<LabEvent> drafts) {
        return database.inTransaction(sql -> {
            if (!steps.isEmpty()) {
                trials.recordLatest(sql, metrics.insert(sql, steps));
            }
            List<LabEvent> saved = new ArrayList<>(drafts.size());
            for (LabEvent draft : drafts) {
                saved.add(EventStore.insert(sql, draft));
            }
            return saved;
        });
    }
}
