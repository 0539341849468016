package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Optional;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.TrialStage;

/**
 * The stages of one experiment and the hand-off of artifacts between them. A plan proposes trials
 * ({@link #next}) and learns how they ended ({@link #onEnded}); it never talks to workers, the store
 * or actors. It is deterministic in the calls it receives, so an orchestrator restart rebuilds it
 * by {@link #restore restoring} each recorded trial in trial-number order.
 */
public interface Plan {

    /**
     * Trials to queue now, in order. {@code sweepCapacity} is how many more sweep and baseline trials
     * may be queued or running (the spec's {@code maxConcurrent} minus those active); single stages
     * (pretrain, scouts, guide, teacher) are not limited by it.
     */
    List<TrialRequest> next(int sweepCapacity);

    /**
     * A trial ended for good (completed, stopped, failed after its retries, or cancelled).
     *
     * @return why the experiment cannot go on, when a stage it depends on produced nothing
     */
    Optional<String> onEnded(TrialRecord trial);

    /** Restores one recorded trial (in trial-number order) into a fresh plan after a restart. */
    void restore(TrialRecord trial);

    /** Called once after the last {@link #restore}: queues again what was due but not yet recorded. */
    default void afterRestore() {}

    /** Every trial this plan will ever want has been proposed. */
    boolean exhausted();

    /** Sweep and baseline trials this plan expects to run (an estimate until {@link #exhausted}). */
    int plannedTrials();

    /** The plan for a spec's kind; {@code search} proposes its sweep trials. */
    static Plan create(ExperimentSpec spec, SearchStrategy search) {
        return switch (spec.kind()) {
            case FINETUNE -> new FineTunePlan(spec, search, TrialStage.FINETUNE);
            case SYNTHETIC -> new FineTunePlan(spec, search, TrialStage.SYNTHETIC);
            case GTL -> new GtlPlan(spec, search);
            case DISTILLATION -> new DistillationPlan(spec, search);
        };
    }
}
