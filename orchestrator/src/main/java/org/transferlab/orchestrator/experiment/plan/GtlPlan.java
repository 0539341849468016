package org.transferlab.orchestrator.experiment.plan;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;

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
    private String body;
    private boolean pretrainQueued;
    private boolean scoutsQueued;
    private final Map<Integer, String> scoutArtifacts = new HashMap<>();
    private boolean guideQueued;
    private String guide;

    GtlPlan(ExperimentSpec spec, SearchStrategy search) {
        this.scouts = spec.gtl().scouts();
        this.baseline = Boolean.TRUE.equals(spec.gtl().baseline());
        this.sweep = new Sweep(search, Stage.GUIDED, Stage.BASELINE, p -> baseline ? Optional.of(p) : Optional.empty());
        this.body = spec.pretrain().artifact();
    }

    @Override
    public List<TrialRequest> next(int sweepCapacity) {
        if (body == null) {
            if (pretrainQueued) {
                return List.of();
            }
            pretrainQueued = true;
            return List.of(new TrialRequest(Stage.PRETRAIN, Map.of(), Map.of(), null));
        }
        if (!scoutsQueued) {
            scoutsQueued = true;
            List<TrialRequest> out = new ArrayList<>();
            for (int i = 0; i < scouts; i++) {
                out.add(new TrialRequest(Stage.SCOUT, Map.of(Roles.SCOUT, i), Map.of(Roles.BODY, body), null));
            }
            return out;
        }
        if (scoutArtifacts.size() < scouts) {
            return List.of();
        }
        if (!guideQueued) {
            guideQueued = true;
            Map<String, String> inputs = new HashMap<>();
            inputs.put(Roles.BODY, body);
            scoutArtifacts.forEach((i, id) -> inputs.put(Roles.scout(i), id));
            return List.of(new TrialRequest(Stage.GUIDE, Map.of(), inputs, null));
        }
        if (guide == null) {
            return List.of();
        }
        return sweep.next(sweepCapacity, Map.of(Roles.BODY, body, Roles.GUIDE, guide), Map.of(Roles.BODY, body));
    }

    @Override
    public Optional<String> onEnded(TrialRecord t) {
        switch (t.stage()) {
            case PRETRAIN -> {
                body = t.outputs().get(Roles.BODY);
                return body == null ? Optional.of(Roles.missing("pretrain", Roles.BODY, t)) : Optional.empty();
            }
            case SCOUT -> {
                String artifact = t.outputs().get(Roles.SCOUT);
                if (artifact == null) {
                    return Optional.of(Roles.missing("scout " + scoutIndex(t), Roles.SCOUT, t));
                }
                scoutArtifacts.put(scoutIndex(t), artifact);
                return Optional.empty();
            }
            case GUIDE -> {
                guide = t.outputs().get(Roles.GUIDE);
                return guide == null ? Optional.of(Roles.missing("guide", Roles.GUIDE, t)) : Optional.empty();
            }
            default -> {
                sweep.onEnded(t);
                return Optional.empty();
            }
        }
    }

    @Override
    public void restore(TrialRecord t) {
        boolean done = t.status().terminal();
        switch (t.stage()) {
            case PRETRAIN -> {
                pretrainQueued = true;
                if (done) {
                    body = t.outputs().get(Roles.BODY);
                }
            }
            case SCOUT -> {
                scoutsQueued = true;
                if (done && t.outputs().containsKey(Roles.SCOUT)) {
                    scoutArtifacts.put(scoutIndex(t), t.outputs().get(Roles.SCOUT));
                }
            }
            case GUIDE -> {
                guideQueued = true;
                if (done) {
                    guide = t.outputs().get(Roles.GUIDE);
                }
            }
            default -> sweep.restore(t);
        }
    }

    @Override
    public void afterRestore() {
        sweep.afterRestore();
    }

    private static int scoutIndex(TrialRecord t) {
        Object i = t.params().get(Roles.SCOUT);
        return i instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(i));
    }

    @Override
    public boolean exhausted() {
        return guide != null && sweep.exhausted();
    }

    @Override
    public int plannedTrials() {
        return sweep.planned() * (baseline ? 2 : 1);
    }
}
