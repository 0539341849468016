package org.transferlab.orchestrator.experiment.plan;

import java.util.Optional;

/**
 * A plan of one preparatory stage (a pretrained body, a teacher) whose artifact the sweep's trials
 * read, then the sweep with its automatic {@link Baselines}: what the fine-tune and distillation
 * plans share.
 */
abstract class PreparedSweep implements Plan {

    protected final SingleStage first;
    protected final Baselines baselines;
    protected Sweep sweep;

    PreparedSweep(SingleStage first, Baselines baselines, SweepFactory sweep) {
        this.first = first;
        this.baselines = baselines;
        this.sweep = sweep.create(baselines);
    }

    /** Builds the sweep once the baselines exist, since the sweep asks them for each proposal's baseline. */
    @FunctionalInterface
    interface SweepFactory {
        Sweep create(Baselines baselines);
    }

    /** Starts the sweep over with another one before it proposed anything (a space narrowed by an earlier stage). */
    protected void replaceSweep(Sweep replacement) {
        if (sweep.proposed() > 0) {
            throw new IllegalStateException("the sweep already proposed " + sweep.proposed() + " trials");
        }
        sweep = replacement;
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (first.owns(t)) {
            return first.onEnded(t);
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        if (first.owns(t)) {
            first.restore(t);
            return;
        }
        baselines.restore(t);
        sweep.restore(t);
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }
}
