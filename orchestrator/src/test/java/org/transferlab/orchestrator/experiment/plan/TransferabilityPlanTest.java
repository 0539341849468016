package org.transferlab.orchestrator.experiment.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.search.SearchStrategy;
import org.transferlab.protocol.spec.ExperimentSpec;
import org.transferlab.protocol.spec.SpecCodec;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.work.CandidateScore;
import org.transferlab.protocol.work.TrialStage;

/** The fine-tune plan's transferability stage as a plain object: it comes between body and sweep, and its pruning narrows the sweep. */
class TransferabilityPlanTest {

    private static final String SWEEP = """
            search:
              algorithm: grid
              trials: 8
              space:
                frozenLayers: {type: int, min: 0, max: 3}
                learningRate: {type: choice, values: [0.01, 0.001]}
            """;

    private static ExperimentSpec spec(String yaml) {
        return SpecCodec.parse("name: p\nseed: 10\nmodel: {hidden: [32, 16, 8]}\n" + yaml).withDefaults();
    }

    private static Plan plan(ExperimentSpec spec) {
        return Plan.create(spec, SearchStrategy.create(spec.search(), spec.objective(), spec.seed()));
    }

    /** Frozen depth 2 scores best, then 3, 1, 0. */
    private static final List<CandidateScore> SCORES = List.of(
            new CandidateScore(0, "input", 784, 50, -0.90),
            new CandidateScore(1, "body-0-pool", 2880, 50, -0.60),
            new CandidateScore(2, "body-1-pool", 800, 50, -0.40),
            new CandidateScore(3, "body-2", 500, 50, -0.45));

    private static TrialRecord scored(TrialRequest stage, List<CandidateScore> scores) {
        return new TrialRecord(stage.stage(), stage.params(), null, TrialStatus.COMPLETED, null, Map.of(), null, scores);
    }

    private static List<TrialRequest> drain(Plan plan) {
        List<TrialRequest> all = new ArrayList<>();
        for (List<TrialRequest> next = plan.next(100); !next.isEmpty(); next = plan.next(100)) {
            all.addAll(next);
        }
        return all;
    }

    private static TreeSet<Integer> depths(List<TrialRequest> requests) {
        TreeSet<Integer> depths = new TreeSet<>();
        requests.stream().filter(r -> r.stage() == TrialStage.FINETUNE)
                .forEach(r -> depths.add(((Number) r.params().get("frozenLayers")).intValue()));
        return depths;
    }

    @Test
    void the_stage_runs_after_the_pretrain_on_its_body_and_the_sweep_waits_for_it() {
        Plan plan = plan(spec("transferability: {method: logme}\n" + SWEEP));
        assertEquals(List.of(TrialStage.PRETRAIN), plan.next(100).stream().map(TrialRequest::stage).toList());
        assertEquals(Optional.empty(), plan.onEnded(new TrialRecord(TrialStage.PRETRAIN, Map.of(), null, TrialStatus.COMPLETED,
                null, Map.of("body", "body-7"))));
        List<TrialRequest> next = plan.next(100);
        assertEquals(1, next.size());
        assertEquals(TrialStage.TRANSFERABILITY, next.get(0).stage());
        assertEquals(Map.of("body", "body-7"), next.get(0).inputs());
        assertEquals(List.of(), plan.next(100), "nothing else until the scores are in");
        assertFalse(plan.exhausted());

        assertEquals(Optional.empty(), plan.onEnded(scored(next.get(0), SCORES)));
        List<TrialRequest> sweep = drain(plan);
        assertEquals(new TreeSet<>(List.of(0, 1, 2, 3)), depths(sweep), "without prune every depth is tried");
        assertEquals(8, sweep.stream().filter(r -> r.stage() == TrialStage.FINETUNE).count());
        assertTrue(plan.exhausted());
    }

    @Test
    void keeping_the_best_two_sweeps_only_their_depths() {
        Plan plan = plan(spec("pretrain: {artifact: body-1}\ntransferability: {prune: {keep: 2}}\n" + SWEEP));
        TrialRequest stage = plan.next(100).get(0);
        assertEquals(TrialStage.TRANSFERABILITY, stage.stage());
        assertEquals(Map.of("body", "body-1"), stage.inputs());
        plan.onEnded(scored(stage, SCORES));
        List<TrialRequest> sweep = drain(plan);
        assertEquals(new TreeSet<>(List.of(2, 3)), depths(sweep));
        assertEquals(4, sweep.stream().filter(r -> r.stage() == TrialStage.FINETUNE).count(), "2 depths x 2 rates");
    }

    @Test
    void a_margin_drops_the_depths_scoring_further_below_the_best() {
        Plan plan = plan(spec("pretrain: {artifact: body-1}\ntransferability: {prune: {margin: 0.15}}\n" + SWEEP));
        plan.onEnded(scored(plan.next(100).get(0), SCORES));
        assertEquals(new TreeSet<>(List.of(2, 3)), depths(drain(plan)), "-0.60 and -0.90 are more than 0.15 below -0.40");
    }

    @Test
    void a_stage_without_scores_stops_the_experiment_with_a_reason() {
        Plan plan = plan(spec("pretrain: {artifact: body-1}\ntransferability: {method: logme}\n" + SWEEP));
        TrialRequest stage = plan.next(100).get(0);
        Optional<String> fatal = plan.onEnded(new TrialRecord(stage.stage(), Map.of(), null, TrialStatus.FAILED, null, Map.of()));
        assertTrue(fatal.orElseThrow().contains("transferability stage ended failed"), fatal.get());
    }

    @Test
    void a_restored_plan_keeps_the_pruned_space_and_proposes_what_the_original_would_have() {
        ExperimentSpec spec = spec("pretrain: {artifact: body-1}\ntransferability: {prune: {keep: 2}}\n" + SWEEP);
        Plan original = plan(spec);
        TrialRequest stage = original.next(100).get(0);
        original.onEnded(scored(stage, SCORES));
        List<TrialRequest> firstTwo = original.next(2);
        List<TrialRequest> restOfOriginal = drain(original);

        Plan restored = plan(spec);
        restored.restore(scored(stage, SCORES));
        for (TrialRequest r : firstTwo) {
            restored.restore(new TrialRecord(r.stage(), r.params(), r.configuration(), TrialStatus.RUNNING, null, Map.of()));
        }
        restored.afterRestore();
        assertEquals(restOfOriginal.stream().map(TrialRequest::params).toList(),
                drain(restored).stream().map(TrialRequest::params).toList());
    }

    @Test
    void a_spec_without_the_section_plans_as_before() {
        Plan plan = plan(spec("pretrain: {artifact: body-1}\n" + SWEEP));
        assertTrue(plan.next(100).stream().noneMatch(r -> r.stage() == TrialStage.TRANSFERABILITY));
    }
}
