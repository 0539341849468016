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

    /** The preparatory stage a trial belongs to, if any: {@link #first} unless a plan has several. */
    protected Optional<SingleStage> preparatory(TrialRecord t) {
        return first.owns(t) ? Optional.of(first) : Optional.empty();
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        Optional<SingleStage> stage = preparatory(t);
        if (stage.isPresent()) {
            return stage.get().onEnded(t);
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        Optional<SingleStage> stage = preparatory(t);
        if (stage.isPresent()) {
            stage.get().restore(t);
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
