package org.transferlab.orchestrator.experiment.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.TrialStage;

/** The fine-tune plan's automatic baseline as a plain object: what it proposes, counts and restores. */
class FineTunePlanTest {

    private static ExperimentSpec spec(String yaml) {
        return SpecCodec.parse("name: p\nseed: 10\npretrain: {artifact: body-1}\n" + yaml).withDefaults();
    }

    private static Plan plan(ExperimentSpec spec) {
        return Plan.create(spec, SearchStrategy.create(spec.search(), spec.objective(), spec.seed()));
    }

    private static List<TrialRequest> drain(Plan plan) {
        List<TrialRequest> all = new ArrayList<>();
        for (List<TrialRequest> next = plan.next(100); !next.isEmpty(); next = plan.next(100)) {
            all.addAll(next);
        }
        return all;
    }

    @Test
    void a_sweep_of_batch_sizes_gets_a_baseline_per_budget_and_seed_and_nothing_else_of_the_proposal() {
        ExperimentSpec spec = spec("""
                search:
                  algorithm: grid
                  trials: 4
                  repeats: 2
                  space:
                    batchSize: {type: choice, values: [8, 16]}
                    frozenLayers: {type: choice, values: [0, 1]}
                """);
        Plan plan = plan(spec);
        assertEquals(8 + 8, plan.plannedTrials(), "an estimate of one per proposal until the sweep is over");
        List<TrialRequest> requests = drain(plan);
        List<Map<String, Object>> baselines = requests.stream().filter(r -> r.stage() == TrialStage.FROM_SCRATCH)
                .map(TrialRequest::params).toList();
        assertEquals(List.of(Map.of("batchSize", 8, "seed", 10L), Map.of("batchSize", 8, "seed", 11L),
                Map.of("batchSize", 16, "seed", 10L), Map.of("batchSize", 16, "seed", 11L)),
                baselines.stream().map(p -> Map.of("batchSize", ((Number) p.get("batchSize")).intValue(),
                        "seed", ((Number) p.get("seed")).longValue())).toList());
        assertTrue(requests.stream().filter(r -> r.stage() == TrialStage.FROM_SCRATCH).allMatch(r -> r.inputs().isEmpty()));
        assertTrue(plan.exhausted());
        assertEquals(8 + 4, plan.plannedTrials(), "exact once every proposal is known");
    }

    @Test
    void a_restored_plan_queues_the_baselines_that_were_due_and_not_those_recorded() {
        ExperimentSpec spec = spec("""
                search: {algorithm: grid, trials: 1, repeats: 3, space: {learningRate: {type: choice, values: [0.01]}}}
                """);
        Plan original = plan(spec);
        List<TrialRequest> first = original.next(3);
        assertEquals(List.of(TrialStage.FINETUNE, TrialStage.FROM_SCRATCH, TrialStage.FINETUNE),
                first.stream().map(TrialRequest::stage).toList());

        // the lab dies with those three recorded; a fresh plan replays them
        Plan restored = plan(spec);
        for (TrialRequest r : first) {
            restored.restore(new TrialRecord(r.stage(), r.params(), r.configuration(), TrialStatus.RUNNING, null, Map.of()));
        }
        restored.afterRestore();
        List<TrialRequest> rest = drain(restored);
        assertEquals(List.of(TrialStage.FROM_SCRATCH, TrialStage.FINETUNE, TrialStage.FROM_SCRATCH),
                rest.stream().map(TrialRequest::stage).toList(), "repeat 2's baseline was due; repeat 1's was recorded");
        assertEquals(List.of(11L, 12L, 12L), rest.stream().map(r -> ((Number) r.params().get("seed")).longValue()).toList());
        assertEquals(6, restored.plannedTrials());
    }

    @Test
    void trials_of_one_repeat_share_its_seed_whatever_their_configuration_and_single_stages_keep_their_own() {
        ExperimentSpec spec = spec("search: {repeats: 2}\n");
        assertEquals(11L, TrialSeeds.seed(spec, TrialStage.FINETUNE, Map.of("learningRate", 0.1, "seed", 11L), 5));
        assertEquals(11L, TrialSeeds.seed(spec, TrialStage.FROM_SCRATCH, Map.of("seed", 11), 6));
        assertEquals(10L, TrialSeeds.seed(spec, TrialStage.FINETUNE, Map.of("learningRate", 0.1), 7), "no repeats: the spec's seed");
        assertEquals(10L + 1000 + 1, TrialSeeds.seed(spec, TrialStage.PRETRAIN, Map.of(), 1));
    }

    @Test
    void a_synthetic_sweep_has_no_baseline_unless_asked_and_then_runs_the_trial_at_the_default_point() {
        ExperimentSpec quiet = SpecCodec.parse("name: s\nkind: synthetic\nsearch: {algorithm: grid, trials: 2, "
                + "space: {x: {type: choice, values: [0.1, 0.2]}}}\n").withDefaults();
        assertEquals(2, plan(quiet).plannedTrials());
        ExperimentSpec asked = SpecCodec.parse("name: s\nkind: synthetic\ntrain: {baseline: true}\nsearch: {algorithm: grid, trials: 2, "
                + "space: {x: {type: choice, values: [0.1, 0.2]}, sleepMs: {type: choice, values: [5]}}}\n").withDefaults();
        Plan plan = plan(asked);
        List<TrialRequest> requests = drain(plan);
        assertEquals(List.of(TrialStage.SYNTHETIC, TrialStage.SYNTHETIC_BASELINE, TrialStage.SYNTHETIC),
                requests.stream().map(TrialRequest::stage).toList());
        assertEquals(Map.of("sleepMs", 5), requests.get(1).params());
        assertEquals(3, plan.plannedTrials());
    }
}
