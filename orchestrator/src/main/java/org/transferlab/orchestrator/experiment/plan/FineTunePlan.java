package org.transferlab.orchestrator.experiment.plan;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecValidator;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialStage;

/**
 * Fine-tune sweep: an optional {@code pretrain} stage publishes the {@code body} (skipped when the
 * spec names a body artifact), then the searcher's {@code finetune} trials each read it. A synthetic
 * experiment is the same plan without the pretrain stage and with {@code synthetic} trials.
 *
 * <p>With {@code train.baseline} (fine-tune default), the sweep's automatic baseline runs too: a
 * {@code from-scratch} trial, the same network freshly initialised with every layer trainable at
 * {@code train.learningRate}, on the same k-shot data with the same budget, once per distinct value of
 * the {@link #BUDGET_PARAMS} that the proposals carry. The {@code seed} of {@code search.repeats} is one
 * of them, so every repeat seed gets its baseline run, and a sweep of learning rates and frozen depths
 * needs no more baselines than it has seeds. A synthetic sweep's baseline ({@code train.baseline: true})
 * is its trial at the default {@code x} and {@code y}.
 *
 * <p>With a {@code transferability} section, a transferability stage ({@link Scoring}) runs between
 * the body and the sweep and scores each candidate frozen depth; the sweep starts once it is done,
 * over the depths its pruning kept.
 */
final class FineTunePlan extends PreparedSweep {

    /**
     * What a baseline keeps of a proposal: the budget (epochs, batch size, examples per class), the
     * seed that tells repeats apart, the slot kind, and a synthetic trial's sleep. Everything else is
     * about how to fine-tune a transferred body, which a network from scratch does not have.
     */
    static final Set<String> BUDGET_PARAMS = Set.of("epochs", "batchSize", "examplesPerClass", "seed", SpecValidator.DEVICE_PARAM,
            "sleepMs");

    private final ExperimentSpec spec;
    private final TrialStage sweepStage;
    /** The transferability stage between body and sweep; null when the spec does not ask for it. */
    private final Scoring scoring;
    private final boolean needsBody;
    /** Whether proposals can differ in budget parameters other than the seed; then a baseline per budget. */
    private final boolean budgetSwept;
    private final int repeats;

    FineTunePlan(ExperimentSpec spec, SearchStrategy search, TrialStage sweepStage) {
        super(new SingleStage(TrialStage.PRETRAIN, ArtifactRole.BODY, "pretrain", spec.pretrain().artifact()),
                new Baselines(Boolean.TRUE.equals(spec.train().baseline()),
                        sweepStage != TrialStage.SYNTHETIC ? TrialStage.FROM_SCRATCH : TrialStage.SYNTHETIC_BASELINE,
                        BUDGET_PARAMS::contains),
                baselines -> new Sweep(search, sweepStage, baselines.stage(), baselines::of));
        this.spec = spec;
        this.sweepStage = sweepStage;
        this.needsBody = sweepStage != TrialStage.SYNTHETIC;
        this.scoring = needsBody && spec.transferability() != null && spec.transferability().enabled() ? new Scoring(spec) : null;
        this.budgetSwept = spec.search().space().keySet().stream().anyMatch(k -> BUDGET_PARAMS.contains(k) && !k.equals("seed"));
        this.repeats = spec.search().repeats() == null ? 1 : spec.search().repeats();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (needsBody && !first.done()) {
            return first.request(Map.of());
        }
        Map<String, String> inputs = needsBody ? Map.of(ArtifactRole.BODY.key(), first.artifact()) : Map.of();
        if (scoring != null && !scoring.done()) {
            // the sweep waits for the scores, which may narrow its space
            return scoring.request(inputs);
        }
        // the baseline starts from nothing: no body
        return sweep.next(sweepCapacity, inputs, Map.of());
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (scoring != null && Scoring.owns(t)) {
            Optional<String> fatal = scoring.onEnded(t);
            if (fatal.isEmpty()) {
                narrowSweep();
            }
            return fatal;
        }
        return super.onEnded(t);
    }

    @Override
    public void restore(TrialRecord t) {
        if (scoring != null && Scoring.owns(t)) {
            scoring.restore(t);
            narrowSweep();
            return;
        }
        super.restore(t);
    }

    /** The sweep's searcher over the space the scores left, when they pruned any frozen depth. */
    private void narrowSweep() {
        scoring.narrowed().ifPresent(search -> replaceSweep(new Sweep(
                SearchStrategy.create(search, spec.objective(), spec.seed()), sweepStage, baselines.stage(), baselines::of)));
    }

    @Override
    public boolean exhausted() {
        return (!needsBody || first.done()) && (scoring == null || scoring.done()) && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        if (!baselines.enabled() || sweep.planned() == 0) {
            return sweep.planned();
        }
        if (sweep.exhausted()) {
            return sweep.planned() + baselines.count();
        }
        // one baseline per repeat seed; a swept budget may need one per proposal, at most
        return sweep.planned() + (budgetSwept ? sweep.planned() : Math.min(repeats, sweep.planned()));
    }
}
