package org.transferlab.orchestrator.experiment.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
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
 */
final class FineTunePlan implements Plan {

    /**
     * What a baseline keeps of a proposal: the budget (epochs, batch size, examples per class), the
     * seed that tells repeats apart, the slot kind, and a synthetic trial's sleep. Everything else is
     * about how to fine-tune a transferred body, which a network from scratch does not have.
     */
    static final Set<String> BUDGET_PARAMS = Set.of("epochs", "batchSize", "examplesPerClass", "seed", TrialConfig.DEVICE,
            "sleepMs");

    private final Sweep sweep;
    private final boolean needsBody;
    private final boolean baseline;
    private final TrialStage baselineStage;
    /** Whether proposals can differ in budget parameters other than the seed; then a baseline per budget. */
    private final boolean budgetSwept;
    private final int repeats;
    private final Set<Map<String, Object>> baselineConfigurations = new HashSet<>();
    private final SingleStage pretrain;

    FineTunePlan(ExperimentSpec spec, SearchStrategy search, TrialStage sweepStage) {
        this.needsBody = sweepStage != TrialStage.SYNTHETIC;
        this.baseline = Boolean.TRUE.equals(spec.train().baseline());
        this.baselineStage = needsBody ? TrialStage.FROM_SCRATCH : TrialStage.SYNTHETIC_BASELINE;
        this.budgetSwept = spec.search().space().keySet().stream().anyMatch(k -> BUDGET_PARAMS.contains(k) && !k.equals("seed"));
        this.repeats = spec.search().repeats() == null ? 1 : spec.search().repeats();
        this.sweep = new Sweep(search, sweepStage, baselineStage, this::baselineOf);
        this.pretrain = new SingleStage(TrialStage.PRETRAIN, ArtifactRole.BODY, "pretrain", spec.pretrain().artifact());
    }

    private Optional<Map<String, Object>> baselineOf(Map<String, Object> proposal) {
        if (!baseline) {
            return Optional.empty();
        }
        Map<String, Object> params = new LinkedHashMap<>(proposal);
        params.keySet().retainAll(BUDGET_PARAMS);
        return baselineConfigurations.add(params) ? Optional.of(params) : Optional.empty();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (needsBody && !pretrain.done()) {
            return pretrain.request(Map.of());
        }
        Map<String, String> inputs = needsBody ? Map.of(ArtifactRole.BODY.key(), pretrain.artifact()) : Map.of();
        // the baseline starts from nothing: no body
        return sweep.next(sweepCapacity, inputs, Map.of());
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        if (pretrain.owns(t)) {
            return pretrain.onEnded(t);
        }
        sweep.onEnded(t);
        return Optional.empty();
    }

    @Override
    public void restore(TrialRecord t) {
        if (pretrain.owns(t)) {
            pretrain.restore(t);
            return;
        }
        if (t.stage() == baselineStage) {
            baselineConfigurations.add(t.params());
        }
        sweep.restore(t);
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }

    @Override
    public boolean exhausted() {
        return (!needsBody || pretrain.done()) && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        if (!baseline || sweep.planned() == 0) {
            return sweep.planned();
        }
        if (sweep.exhausted()) {
            return sweep.planned() + baselineConfigurations.size();
        }
        // one baseline per repeat seed; a swept budget may need one per proposal, at most
        return sweep.planned() + (budgetSwept ? sweep.planned() : Math.min(repeats, sweep.planned()));
    }
}
