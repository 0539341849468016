package org.transferlab.orchestrator.experiment.plan;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.work.TrialStage;

/**
 * The sweep stage of a plan: the searcher's proposals as trials of one stage, each optionally
 * mirrored by a baseline trial (same configuration, without the transferred artifact). A mirror
 * waits in line until the concurrency limit lets it in, so baselines get the same budget without
 * ever exceeding {@code maxConcurrent}. Only sweep results teach the searcher.
 */
final class Sweep {

    private final SearchStrategy search;
    private final TrialStage stage;
    private final TrialStage mirrorStage;
    /** The baseline twin of a proposal (params → its params), or empty when it needs none. */
    private final Function<Map<String, Object>, Optional<Map<String, Object>>> mirror;
    private final Deque<TrialRequest> waitingMirrors = new ArrayDeque<>();
    private final Map<Integer, Map<String, Object>> proposals = new LinkedHashMap<>();
    private final Set<Integer> mirrored = new HashSet<>();
    private int proposed;
    private boolean exhausted;

    Sweep(SearchStrategy search, TrialStage stage, TrialStage mirrorStage,
            Function<Map<String, Object>, Optional<Map<String, Object>>> mirror) {
        this.search = search;
        this.stage = stage;
        this.mirrorStage = mirrorStage;
        this.mirror = mirror;
    }

    Sweep(SearchStrategy search, TrialStage stage) {
        this(search, stage, null, p -> Optional.empty());
    }

    List<TrialRequest> next(int capacity, Map<String, String> inputs, Map<String, String> mirrorInputs) {
        List<TrialRequest> out = new ArrayList<>();
        while (capacity > 0) {
            if (!waitingMirrors.isEmpty()) {
                TrialRequest m = waitingMirrors.removeFirst();
                out.add(new TrialRequest(m.stage(), m.params(), mirrorInputs, m.configuration()));
                capacity--;
                continue;
            }
            if (exhausted) {
                break;
            }
            Optional<Map<String, Object>> params = search.next();
            if (params.isEmpty()) {
                exhausted = true;
                break;
            }
            int configuration = ++proposed;
            proposals.put(configuration, params.get());
            out.add(new TrialRequest(stage, params.get(), inputs, configuration));
            capacity--;
            queueMirror(configuration, params.get());
        }
        return out;
    }

    private void queueMirror(int configuration, Map<String, Object> params) {
        if (mirrorStage != null && mirrored.add(configuration)) {
            mirror.apply(params).ifPresent(p -> waitingMirrors.addLast(new TrialRequest(mirrorStage, p, Map.of(), configuration)));
        }
    }

    void onEnded(TrialRecord t) {
        if (t.stage() == stage) {
            search.observeObjectives(t.params(), t.succeeded() ? t.objectives() : null);
        }
    }

    void restore(TrialRecord t) {
        if (t.stage() == stage) {
            search.replayObjectives(t.params(), t.status().terminal(), t.succeeded() ? t.objectives() : null);
            int configuration = t.configuration() == null ? proposed + 1 : t.configuration();
            proposed = Math.max(proposed, configuration);
            proposals.put(configuration, t.params());
        } else if (t.stage() == mirrorStage && t.configuration() != null) {
            mirrored.add(t.configuration());
        }
    }

    /** After every recorded trial is restored: baselines that were due but not yet queued wait again. */
    void afterRestore() {
        proposals.forEach(this::queueMirror);
        if (proposed >= search.plannedTrials()) {
            exhausted = true;
        }
    }

    boolean exhausted() {
        return exhausted && waitingMirrors.isEmpty();
    }

    int planned() {
        return search.plannedTrials();
    }

    int proposed() {
        return proposed;
    }
}
