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
public final class LabStore {

    private final Database db;
    private final ExperimentStore experiments;
    private final TrialStore trials;
    private final MetricStore metrics;
    private final EventStore events;
    private final ArtifactStore artifacts;

    public LabStore(Database db) {
        this.db = db;
        this.experiments = new ExperimentStore(db);
        this.trials = new TrialStore(db);
        this.metrics = new MetricStore(db);
        this.events = new EventStore(db);
        this.artifacts = new ArtifactStore(db);
    }

    public Database database() {
        return db;
    }

    public ExperimentStore experiments() {
        return experiments;
    }

    public TrialStore trials() {
        return trials;
    }

    public MetricStore metrics() {
        return metrics;
    }

    public EventStore events() {
        return events;
    }

    public ArtifactStore artifacts() {
        return artifacts;
    }

    /**
     * Writes a batch of reported steps and the events that go with them in one transaction: metric
     * rows (a step already stored is kept, not duplicated, and does not touch its trial), each
     * trial's latest values, then the events in order. Returns the events with their sequence numbers.
     */
    public List<LabEvent> recordResults(List<StepMetrics> steps, List<LabEvent> drafts) {
        return db.inTransaction(sql -> {
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
