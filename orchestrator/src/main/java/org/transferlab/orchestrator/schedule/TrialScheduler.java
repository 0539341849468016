package org.transferlab.orchestrator.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.ObjectiveSpec;
import org.transferlab.protocol.spec.ParamSpec;
import org.transferlab.protocol.spec.SchedulerSpec;
import org.transferlab.protocol.spec.SchedulerSpec.Explore;
import org.transferlab.protocol.spec.SpecWord;

/**
 * Decides after every reported epoch whether a trial goes on, stops, or (population-based
 * training) continues from another trial's checkpoint; only the experiment actor acts on the
 * decision.
 *
 * <p>Restore: implementations are deterministic in the sequence of results they see. Feeding a
 * fresh scheduler every swept trial ({@link #admit}, in trial-number order), every recorded result
 * ({@link #onResult}, one per trial and epoch) in the order the results were originally recorded,
 * with {@link #onTrialEnd} for trials that had ended at their place in that order, then every
 * recorded exploit ({@link #onExploited}) in the order it happened, rebuilds the state; the
 * decisions it returns during the replay are the ones already taken and can be ignored. (The median
 * rule's state does not depend on the order at all; ASHA's depends on it only through the order in
 * which trials first reported, which picks their bracket; PBT's decisions change no state, only
 * the exploits it is told of do, see {@link PopulationBasedTraining}.)
 */
public interface TrialScheduler {

    TrialDecision onResult(String trialId, int epoch, double objective);

    /** The trial ended (completed, stopped or failed); forget or keep its record as the rule needs. */
    default void onTrialEnd(String trialId) {}

    /** A swept trial joined with these hyperparameters (before its first result). */
    default void admit(String trialId, Map<String, Object> params) {}

    /** The trial published a resumable checkpoint after {@code epoch}. */
    default void onCheckpoint(String trialId, int epoch, String artifactId) {}

    /** The experiment carried out this exploit, decided on the trial's result at {@code epoch}. */
    default void onExploited(String trialId, int epoch, TrialDecision.Exploit exploit) {}

    static TrialScheduler fifo() {
        return (trialId, epoch, objective) -> TrialDecision.CONTINUE;
    }

    /** The scheduler a spec asks for, population-based training included (it reads the search space and the seed). */
    static TrialScheduler create(ExperimentSpec spec) {
        SchedulerSpec s = spec.scheduler();
        if (!s.pbt()) {
            return create(s, spec.objective());
        }
        Map<String, ParamSpec> mutations = new LinkedHashMap<>();
        for (String name : s.mutations()) {
            mutations.put(name, spec.search().space().get(name));
        }
        return new PopulationBasedTraining(s.perturbationInterval(), spec.train().epochs(), s.quantile(), s.resampleProbability(),
                s.perturbFactors(), mutations, SpecWord.find(Explore.class, s.explore()).orElse(Explore.PERTURB),
                spec.objective().maximise(), spec.seed());
    }

    /** The scheduler a spec asks for; objective values are compared in the spec's direction. */
    static TrialScheduler create(SchedulerSpec spec, ObjectiveSpec objective) {
        String type = spec.type() == null ? "fifo" : spec.type();
        return switch (type) {
            case "fifo" -> fifo();
            case "asha" -> new AshaScheduler(orDefault(spec.gracePeriod(), 1), orDefault(spec.reductionFactor(), 3),
                    required(spec.maxResource(), "maxResource"), orDefault(spec.brackets(), 1), objective.maximise());
            case "median" -> new MedianStoppingRule(orDefault(spec.gracePeriod(), 1), orDefault(spec.minTrials(), 3), objective.maximise());
            case SchedulerSpec.PBT -> throw new IllegalArgumentException("the pbt scheduler needs the whole spec (its search space and seed)");
            default -> throw new IllegalArgumentException("unknown scheduler '" + type + "'; available: fifo, asha, median, pbt");
        };
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }

    private static int required(Integer value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("the asha scheduler needs " + name);
        }
        return value;
    }
}
