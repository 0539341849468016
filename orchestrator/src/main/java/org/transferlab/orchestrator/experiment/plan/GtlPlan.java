package org.transferlab.orchestrator.experiment.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.work.ArtifactRole;
import org.transferlab.protocol.work.TrialConfig;
import org.transferlab.protocol.work.TrialStage;

/**
 * Guided transfer learning: {@code pretrain} (or the spec's body artifact) → {@code gtl.scouts}
 * {@code scout} trials, all queued at once so they run in parallel on every free slot → one
 * {@code guide} trial reading the body and every scout's artifact → the searcher's {@code guided}
 * fine-tune trials reading body and guide. With {@code gtl.baseline}, each proposed configuration
 * also runs as a {@code baseline} trial: same parameters and budget, body only, no guide.
 */
final class GtlPlan implements Plan {

    private final int scouts;
    private final boolean baseline;
    private final Sweep sweep;
    private final SingleStage pretrain;
    private boolean scoutsQueued;
    private final Map<Integer, String> scoutArtifacts = new HashMap<>();
    private final SingleStage guide = new SingleStage(TrialStage.GUIDE, ArtifactRole.GUIDE, "guide", null);

    GtlPlan(ExperimentSpec spec, SearchStrategy search) {
        this.scouts = spec.gtl().scouts();
        this.baseline = Boolean.TRUE.equals(spec.gtl().baseline());
        this.sweep = new Sweep(search, TrialStage.GUIDED, TrialStage.BASELINE, p -> baseline ? Optional.of(p) : Optional.empty());
        this.pretrain = new SingleStage(TrialStage.PRETRAIN, ArtifactRole.BODY, "pretrain", spec.pretrain().artifact());
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (!pretrain.done()) {
            return pretrain.request(Map.of());
        }
        String body = pretrain.artifact();
        if (!scoutsQueued) {
            scoutsQueued = true;
            List<TrialRequest> out = new ArrayList<>();
            for (int i = 0; i < scouts; i++) {
                out.add(new TrialRequest(TrialStage.SCOUT, Map.of(TrialConfig.SCOUT, i), Map.of(ArtifactRole.BODY.key(), body), null));
            }
            return out;
        }
        if (scoutArtifacts.size() < scouts) {
            return List.of();
        }
        if (!guide.done()) {
            Map<String, String> inputs = new HashMap<>();
            inputs.put(ArtifactRole.BODY.key(), body);
            scoutArtifacts.forEach((i, id) -> inputs.put(ArtifactRole.scoutInput(i), id));
            return guide.request(inputs);
        }
        return sweep.next(sweepCapacity, Map.of(ArtifactRole.BODY.key(), body, ArtifactRole.GUIDE.key(), guide.artifact()), Map.of(ArtifactRole.BODY.key(), body));
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        switch (t.stage()) {
            case PRETRAIN -> {
                return pretrain.onEnded(t);
            }
            case SCOUT -> {
                String artifact = t.outputs().get(ArtifactRole.SCOUT.key());
                if (artifact == null) {
                    return Optional.of(SingleStage.missing("scout " + scoutIndex(t), ArtifactRole.SCOUT, t));
                }
                scoutArtifacts.put(scoutIndex(t), artifact);
                return Optional.empty();
            }
            case GUIDE -> {
                return guide.onEnded(t);
            }
            default -> {
                sweep.onEnded(t);
                return Optional.empty();
            }
        }
    }

    @Override
    public void restore(TrialRecord t) {
        switch (t.stage()) {
            case PRETRAIN -> pretrain.restore(t);
            case SCOUT -> {
                scoutsQueued = true;
                if (t.status().terminal() && t.outputs().containsKey(ArtifactRole.SCOUT.key())) {
                    scoutArtifacts.put(scoutIndex(t), t.outputs().get(ArtifactRole.SCOUT.key()));
                }
            }
            case GUIDE -> guide.restore(t);
            default -> sweep.restore(t);
        }
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }

    private static int scoutIndex(TrialRecord t) {
        Object i = t.params().get(TrialConfig.SCOUT);
        return i instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(i));
    }

    @Override
    public boolean exhausted() {
        return guide.done() && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        return sweep.planned() * (baseline ? 2 : 1);
    }
}
