package org.transferlab.orchestrator.experiment.plan;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.transferlab.protocol.work.TrialStage;

/**
 * The automatic baseline runs of a sweep, one per distinct set of the parameters a baseline shares
 * with the proposals it mirrors (its key): a fine-tune's budget and seed, a student's
 * non-distillation parameters. A proposal whose key already has a baseline gets none.
 *
 * <p>Keys compare numbers by value: the searcher proposes a repeat's seed as a {@code long} and a
 * width as written in the spec, while a restored trial's parameters come back as JSON read them
 * ({@code 7} as an {@code int}), and the restored twin must still count for the new proposals.
 */
final class Baselines {

    private final boolean enabled;
    private final TrialStage stage;
    private final Predicate<String> shared;
    private final Set<Map<String, Object>> run = new HashSet<>();

    /** @param shared which proposal parameters a baseline keeps */
    Baselines(boolean enabled, TrialStage stage, Predicate<String> shared) {
        this.enabled = enabled;
        this.stage = stage;
        this.shared = shared;
    }

    /** The baseline's parameters for {@code proposal}, when its key has none yet. */
    Optional<Map<String, Object>> of(Map<String, Object> proposal) {
        if (!enabled) {
            return Optional.empty();
        }
        Map<String, Object> params = new LinkedHashMap<>(proposal);
        params.keySet().removeIf(shared.negate());
        return run.add(key(params)) ? Optional.of(params) : Optional.empty();
    }

    /** The parameters with every number as a double, so 7, 7L and 7.0 are one key. */
    private static Map<String, Object> key(Map<String, Object> params) {
        Map<String, Object> key = new LinkedHashMap<>();
        params.forEach((name, value) -> key.put(name, value instanceof Number n ? (Object) n.doubleValue() : value));
        return key;
    }

    /** Remembers a recorded baseline trial, so a restored plan does not queue it again. */
    void restore(TrialRecord t) {
        if (t.stage() == stage) {
            run.add(key(t.params()));
        }
    }

    boolean enabled() {
        return enabled;
    }

    TrialStage stage() {
        return stage;
    }

    /** How many baselines were asked for so far. */
    int count() {
        return run.size();
    }
}
