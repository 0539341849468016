package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.Json;
import org.transferlab.protocol.view.Comparison;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
import org.transferlab.protocol.view.PairedDifference;
import org.transferlab.protocol.view.TrialStatus;
import org.transferlab.protocol.view.TrialView;
import org.transferlab.protocol.work.StageKind;
import org.transferlab.protocol.work.TrialStage;
import org.transferlab.protocol.work.WorkItem;

/**
 * Each plan's stage order and artifact hand-off through the real supervisor, experiment actor,
 * store and API, with TestProbe slots standing in for workers: the probes see exactly which work
 * is handed out, when, and with which inputs.
 */
class PlanFlowTest extends OnProbeSlots {

    @Test
    void gtl_runs_pretrain_then_all_scouts_at_once_then_guide_then_guided_and_baseline_twins() throws Exception {
        String id = slots.submit("""
                name: gtl-plan
                kind: gtl
                seed: 5
                gtl: {scouts: 3, baseline: true}
                search:
                  algorithm: grid
                  trials: 2
                  maxConcurrent: 2
                  space:
                    learningRate: {type: choice, values: [0.01, 0.001]}
                """);
        List<ProbeSlot> pool = List.of(slots.slot("a"), slots.slot("b"), slots.slot("c"), slots.slot("d"));

        WorkItem pretrain = pool.get(0).take();
        assertEquals(StageKind.PRETRAIN, pretrain.stage());
        for (ProbeSlot s : pool.subList(1, 4)) {
            s.expectNothing(); // nothing else can run before the body exists
        }
        pool.get(0).complete(pretrain, 0.9, Map.of("body", "art-body"));

        // All three scouts go out at once on three of the four idle slots, before any of them ends.
        List<WorkItem> scouts = new ArrayList<>();
        List<ProbeSlot> scoutSlots = new ArrayList<>();
        for (ProbeSlot s : pool.subList(1, 4)) {
            WorkItem w = s.take();
            scouts.add(w);
            scoutSlots.add(s);
        }
        assertEquals(List.of(StageKind.SCOUT, StageKind.SCOUT, StageKind.SCOUT), scouts.stream().map(WorkItem::stage).toList());
        assertEquals(Set.of(0, 1, 2), scouts.stream().map(w -> w.config().scout()).collect(Collectors.toSet()));
        scouts.forEach(w -> assertEquals(Map.of("body", "art-body"), w.inputs()));
        pool.get(0).expectNothing(); // the guide waits for every scout

        for (int i = 0; i < 3; i++) {
            WorkItem w = scouts.get(i);
            scoutSlots.get(i).complete(w, 0.5, Map.of("scout", "art-scout-" + w.config().scout()));
        }
        WorkItem guide = pool.get(0).take();
        assertEquals(StageKind.GUIDE, guide.stage());
        assertEquals(Map.of("body", "art-body", "scout-0", "art-scout-0", "scout-1", "art-scout-1", "scout-2", "art-scout-2"),
                guide.inputs());
        pool.get(0).complete(guide, 0.0, Map.of("guide", "art-guide", "guide-summary", "art-summary"));

        // Sweep: each configuration runs guided (body + guide) and as a baseline twin (body only), two at a
        // time. Idle slots are served in the order they asked: b, c, d, a, then b and c again.
        Map<String, WorkItem> sweep = new HashMap<>();
        List<List<ProbeSlot>> rounds = List.of(List.of(pool.get(1), pool.get(2)), List.of(pool.get(3), pool.get(0)));
        List<ProbeSlot> waiting = List.of(pool.get(3), pool.get(1));
        for (int round = 0; round < 2; round++) {
            List<WorkItem> taken = new ArrayList<>();
            for (ProbeSlot s : rounds.get(round)) {
                WorkItem w = s.take();
                sweep.put(w.trialId(), w);
                taken.add(w);
            }
            waiting.get(round).expectNothing(); // maxConcurrent 2: the next pair waits
            assertEquals(taken.get(0).config().seed(), taken.get(1).config().seed(), "a pair is one configuration");
            assertEquals(taken.get(0).config().learningRate(), taken.get(1).config().learningRate());
            for (int i = 0; i < 2; i++) {
                WorkItem w = taken.get(i);
                boolean guided = w.inputs().containsKey("guide");
                rounds.get(round).get(i).complete(w, guided ? 0.6 + round * 0.1 : 0.9, Map.of("model", "art-model-" + w.trialId()));
            }
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        List<TrialView> trials = slots.trials(id);
        assertEquals(List.of("pretrain", "scout", "scout", "scout", "guide", "guided", "baseline", "guided", "baseline"),
                trials.stream().map(t -> t.stage().wire()).toList());
        List<TrialView> guided = trials.stream().filter(t -> t.stage() == TrialStage.GUIDED).toList();
        List<TrialView> baseline = trials.stream().filter(t -> t.stage() == TrialStage.BASELINE).toList();
        for (int i = 0; i < 2; i++) {
            TrialView g = guided.get(i);
            TrialView b = baseline.get(i);
            assertEquals(g.configuration(), b.configuration(), "twins share their configuration");
            assertEquals(g.params(), b.params(), "the baseline runs the same proposed configuration");
            assertEquals(Map.of("body", "art-body", "guide", "art-guide"), g.inputs());
            assertEquals(Map.of("body", "art-body"), b.inputs());
            WorkItem gw = sweep.get(g.id());
            WorkItem bw = sweep.get(b.id());
            assertEquals(gw.config(), bw.config(), "same trial configuration, seed included");
            assertEquals(StageKind.FINETUNE, bw.stage());
            assertFalse(bw.inputs().containsKey("guide"));
        }
        assertEquals(Map.of("guide", "art-guide", "guide-summary", "art-summary"),
                trials.stream().filter(t -> t.stage() == TrialStage.GUIDE).findFirst().orElseThrow().outputs());

        ExperimentView done = slots.experiment(id);
        assertEquals(4, done.trialsTotal(), "guided trials and their baselines count");
        assertEquals(4, done.trialsDone());
        assertEquals(0.9, done.bestValue(), 1e-9, "a winning baseline is the best, as at the top of the trial table");
        assertEquals(baseline.get(0).id(), done.bestTrialId(), "of two equal baselines the first");
        assertTrue(done.message().contains("baseline: plain fine-tune") && done.message().contains("best guided: 0.7000"),
                "the summary says the baseline won and names the method's best: " + done.message());
        List<String> types = slots.eventTypes(id);
        assertEquals(3, types.stream().filter("stage.completed"::equals).count(), "pretrain, scouts, guide");
    }

    @Test
    void distillation_trains_the_teacher_then_students_with_it_and_one_scratch_run_without() throws Exception {
        String id = slots.submit("""
                name: distill-plan
                kind: distillation
                seed: 9
                distill: {baseline: true, softWeight: 0.7, hardWeight: 0.3}
                train: {epochs: 4, learningRate: 0.002}
                search:
                  algorithm: grid
                  trials: 2
                  maxConcurrent: 3
                  space:
                    temperature: {type: choice, values: [2.0, 8.0]}
                """);
        ProbeSlot a = slots.slot("a");
        ProbeSlot b = slots.slot("b");
        ProbeSlot c = slots.slot("c");
        WorkItem teacher = a.take();
        assertEquals(StageKind.TEACHER, teacher.stage());
        b.expectNothing();
        a.complete(teacher, 0.97, Map.of("teacher", "art-teacher"));

        List<WorkItem> students = new ArrayList<>();
        Map<WorkItem, ProbeSlot> owner = new HashMap<>();
        for (ProbeSlot s : List.of(b, c, a)) {
            WorkItem w = s.take();
            students.add(w);
            owner.put(w, s);
        }
        List<WorkItem> withTeacher = students.stream().filter(w -> w.inputs().containsKey("teacher")).toList();
        List<WorkItem> scratch = students.stream().filter(w -> !w.inputs().containsKey("teacher")).toList();
        assertEquals(2, withTeacher.size());
        assertEquals(1, scratch.size(), "temperature alone changes nothing without a teacher: one scratch run");
        for (WorkItem w : students) {
            assertEquals(StageKind.STUDENT, w.stage());
            assertEquals(4, w.config().epochs(), "same budget");
            assertEquals(0.002, w.config().learningRate(), 1e-12);
        }
        assertEquals(Set.of(2.0, 8.0), withTeacher.stream().map(w -> w.config().distillation().temperature()).collect(Collectors.toSet()));
        withTeacher.forEach(w -> {
            assertEquals(Map.of("teacher", "art-teacher"), w.inputs());
            assertEquals(0.7, w.config().distillation().softWeight(), 1e-12);
        });
        WorkItem s0 = scratch.getFirst();
        assertEquals(Map.of(), s0.inputs());
        assertNull(s0.config().distillation(), "the scratch student gets no soft-target settings");
        for (WorkItem w : students) {
            owner.get(w).complete(w, w.inputs().isEmpty() ? 0.80 : 0.85, Map.of("model", "m-" + w.trialId()));
        }

        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        List<TrialView> trials = slots.trials(id);
        assertEquals(List.of("teacher", "student", "scratch", "student"), trials.stream().map(t -> t.stage().wire()).toList());
        TrialView scratchTrial = trials.stream().filter(t -> t.stage() == TrialStage.SCRATCH).findFirst().orElseThrow();
        assertEquals(Map.of(), scratchTrial.params());
        assertEquals(1, scratchTrial.configuration(), "scratch pairs with the first student");
        ExperimentView done = slots.experiment(id);
        assertEquals(3, done.trialsTotal());
        assertEquals(0.85, done.bestValue(), 1e-9);
    }

    @Test
    void finetune_with_a_given_body_skips_pretraining_and_hands_the_body_and_training_defaults_to_every_trial() throws Exception {
        String id = slots.submit("""
                name: ft-plan
                kind: finetune
                pretrain: {artifact: given-body}
                train: {epochs: 3, batchSize: 8, frozenLayers: 1, checkpointEvery: 1}
                search:
                  algorithm: grid
                  trials: 2
                  maxConcurrent: 1
                  space:
                    learningRate: {type: choice, values: [0.01, 0.02]}
                """);
        ProbeSlot a = slots.slot("a");
        Set<Long> seeds = new HashSet<>();
        List<StageKind> kinds = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            WorkItem w = a.take();
            kinds.add(w.stage());
            assertEquals(3, w.config().epochs());
            assertEquals(8, w.config().batchSize());
            seeds.add(w.config().seed());
            assertNull(w.resumeFrom());
            if (w.stage() == StageKind.FINETUNE) {
                assertEquals(Map.of("body", "given-body"), w.inputs());
                assertEquals(1, w.config().frozenLayers());
            } else {
                assertEquals(Map.of(), w.inputs(), "the network from scratch reads no body");
                assertEquals(0, w.config().frozenLayers());
            }
            a.complete(w, 0.5 + i * 0.1, Map.of("model", "m" + i));
        }
        assertEquals(List.of(StageKind.FINETUNE, StageKind.SCRATCH_FINETUNE, StageKind.FINETUNE), kinds,
                "the baseline runs right after the first proposal, within maxConcurrent");
        assertEquals(Set.of(42L), seeds, "without repeats every configuration and the baseline train on the spec's seed");
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        assertEquals(List.of("finetune", "from-scratch", "finetune"), slots.trials(id).stream().map(t -> t.stage().wire()).toList());
        assertTrue(slots.trials(id).stream().allMatch(t -> t.status() == TrialStatus.COMPLETED));
        assertEquals(3, slots.experiment(id).trialsTotal(), "the baseline counts in the planned trials");
    }

    @Test
    void a_finetune_sweep_with_repeats_runs_the_network_from_scratch_once_per_seed_and_the_api_pairs_them() throws Exception {
        String id = slots.submit("""
                name: ft-repeats
                kind: finetune
                seed: 42
                pretrain: {artifact: given-body}
                train: {epochs: 3, batchSize: 8, learningRate: 0.004, frozenLayers: 1}
                search:
                  algorithm: grid
                  trials: 2
                  repeats: 3
                  maxConcurrent: 1
                  space:
                    learningRate: {type: choice, values: [0.01, 0.02]}
                """);
        assertEquals(9, slots.experiment(id).trialsTotal(), "2 configurations × 3 seeds, and one baseline per seed");
        // lr 0.01 wins on validation; the network from scratch runs on seeds 42, 43, 44
        Map<String, List<Double>> results = Map.of("0.01", List.of(0.80, 0.82, 0.81), "0.02", List.of(0.70, 0.72, 0.71),
                "scratch", List.of(0.75, 0.74, 0.78));
        Map<String, Integer> used = new HashMap<>();
        Map<Long, Set<StageKind>> kindsBySeed = new HashMap<>();
        ProbeSlot a = slots.slot("a");
        for (int i = 0; i < 9; i++) {
            WorkItem w = a.take();
            String key = w.stage() == StageKind.SCRATCH_FINETUNE ? "scratch" : String.valueOf(w.config().learningRate());
            if (w.stage() == StageKind.SCRATCH_FINETUNE) {
                assertEquals(Map.of(), w.inputs());
                assertEquals(0.004, w.config().learningRate(), 1e-12, "the baseline trains at train.learningRate");
                assertEquals(0.004, w.config().bodyLearningRate(), 1e-12);
                assertEquals(0, w.config().frozenLayers());
                assertEquals(3, w.config().epochs());
                assertEquals(8, w.config().batchSize());
            }
            kindsBySeed.computeIfAbsent(w.config().seed(), s -> new HashSet<>()).add(w.stage());
            int n = used.merge(key, 1, Integer::sum) - 1;
            a.complete(w, results.get(key).get(n), Map.of("model", "m" + i));
        }
        assertEquals(Set.of(42L, 43L, 44L), kindsBySeed.keySet(), "repeats differ in seed, and configurations share them");
        kindsBySeed.values().forEach(kinds -> assertEquals(Set.of(StageKind.FINETUNE, StageKind.SCRATCH_FINETUNE), kinds));
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);

        List<TrialView> trials = slots.trials(id);
        assertEquals(3, trials.stream().filter(t -> t.stage() == TrialStage.FROM_SCRATCH).count());
        Comparison c = Json.read(lab.get("/api/experiments/" + id + "/comparison").body(), Comparison.class);
        assertEquals(TrialStage.FINETUNE, c.method());
        assertEquals(TrialStage.FROM_SCRATCH, c.baseline());
        assertEquals(Map.of("learningRate", 0.01), c.configuration());
        assertEquals(List.of(42, 43, 44), c.pairs().stream().map(Comparison.Pair::seed).toList());
        PairedDifference d = c.objective();
        assertEquals(3, d.n());
        assertEquals(0.053333333333333344, d.mean(), 1e-9);
        assertEquals(-0.009182761460424335, d.low(), 1e-9);
        assertEquals(0.11584942812709102, d.high(), 1e-9);
        assertEquals("finetune − network from scratch (val_accuracy): +5.3 pts [-0.9, 11.6], 3 seeds", c.lines().getFirst());

        Comparison withTest = Json.read(lab.get("/api/experiments/" + id + "/comparison?metric=test_accuracy").body(), Comparison.class);
        assertEquals(List.of("val_accuracy", "test_accuracy"), withTest.differences().stream().map(PairedDifference::metric).toList());
        assertEquals(0, withTest.differences().get(1).n(), "the probes report no test metric");
        assertEquals(404, lab.get("/api/experiments/exp-nope/comparison").statusCode());
    }

    /**
     * The network from scratch runs once per seed: a scheduler could only stop it for seed luck, and
     * leaving out its unlucky seeds would flatter the baseline. It runs its whole budget under ASHA.
     */
    @Test
    void the_from_scratch_baseline_is_never_stopped_early_by_the_scheduler() throws Exception {
        String id = slots.submit("""
                name: ft-asha
                kind: finetune
                pretrain: {artifact: given-body}
                train: {epochs: 3}
                scheduler: {type: asha, gracePeriod: 1, reductionFactor: 3, maxResource: 3}
                search:
                  algorithm: grid
                  trials: 1
                  repeats: 3
                  maxConcurrent: 6
                  space:
                    learningRate: {type: choice, values: [0.01]}
                """);
        List<ProbeSlot> pool = new ArrayList<>();
        List<WorkItem> work = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ProbeSlot s = slots.slot("s" + i);
            pool.add(s);
            work.add(s.take());
        }
        double[] firstEpoch = {0.9, 0.5, 0.1};
        int b = 0;
        for (int i = 0; i < 6; i++) {
            WorkItem w = work.get(i);
            if (w.stage() == StageKind.SCRATCH_FINETUNE) {
                double accuracy = firstEpoch[b++];
                assertFalse(pool.get(i).progress(w, 1, accuracy).stop(), "seed " + w.config().seed() + " at " + accuracy);
                assertFalse(pool.get(i).progress(w, 2, accuracy).stop(), "seed " + w.config().seed() + " at " + accuracy);
                pool.get(i).progress(w, 3, accuracy);
                pool.get(i).complete(w, accuracy, Map.of("model", "m" + i));
            } else {
                pool.get(i).progress(w, 1, 0.8);
            }
        }
        assertEquals(3, b);
        for (int i = 0; i < 6; i++) {
            WorkItem w = work.get(i);
            if (w.stage() == StageKind.FINETUNE) {
                pool.get(i).complete(w, 0.8, Map.of("model", "m" + i));
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        assertTrue(slots.trials(id).stream().filter(t -> t.stage() == TrialStage.FROM_SCRATCH)
                .allMatch(t -> t.status() == TrialStatus.COMPLETED), slots.trials(id).toString());
    }

    @Test
    void train_baseline_false_runs_the_sweep_alone() throws Exception {
        String id = slots.submit("""
                name: ft-no-baseline
                kind: finetune
                pretrain: {artifact: given-body}
                train: {epochs: 1, baseline: false}
                search: {algorithm: grid, trials: 1, repeats: 2, space: {learningRate: {type: choice, values: [0.01]}}}
                """);
        assertEquals(2, slots.experiment(id).trialsTotal());
        ProbeSlot a = slots.slot("a");
        for (int i = 0; i < 2; i++) {
            WorkItem w = a.take();
            assertEquals(StageKind.FINETUNE, w.stage());
            a.complete(w, 0.5, Map.of("model", "m" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        a.expectNothing();
        Comparison c = Json.read(lab.get("/api/experiments/" + id + "/comparison").body(), Comparison.class);
        assertFalse(c.hasBaseline());
    }

    @Test
    void a_stage_that_keeps_failing_fails_the_experiment_with_its_cause() throws Exception {
        String id = slots.submit("""
                name: broken-teacher
                kind: distillation
                limits: {maxRetries: 1}
                search: {algorithm: grid, trials: 1, space: {temperature: {type: choice, values: [4.0]}}}
                """);
        ProbeSlot a = slots.slot("a");
        a.fail(a.take(), "OutOfMemoryError: teacher too large");
        WorkItem retry = a.take();
        assertEquals(StageKind.TEACHER, retry.stage());
        a.fail(retry, "OutOfMemoryError: teacher too large");
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.FAILED);
        String message = slots.experiment(id).message();
        assertTrue(message.contains("teacher") && message.contains("OutOfMemoryError: teacher too large"), message);
        assertTrue(slots.eventTypes(id).contains("trial.retried"));
        a.expectNothing();
    }
}
