package org.transferlab.orchestrator.experiment;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.transferlab.orchestrator.TestLab;
import org.transferlab.orchestrator.experiment.ProbeSlots.ProbeSlot;
import org.transferlab.protocol.view.ExperimentStatus;
import org.transferlab.protocol.view.ExperimentView;
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
class PlanFlowTest {

    @TempDir
    Path dataDir;
    TestLab lab;
    ProbeSlots slots;

    @BeforeEach
    void start() {
        lab = new TestLab(dataDir, Map.of());
        slots = new ProbeSlots(lab);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

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
        for (int i = 0; i < 2; i++) {
            WorkItem w = a.take();
            assertEquals(StageKind.FINETUNE, w.stage());
            assertEquals(Map.of("body", "given-body"), w.inputs());
            assertEquals(3, w.config().epochs());
            assertEquals(8, w.config().batchSize());
            assertEquals(1, w.config().frozenLayers());
            seeds.add(w.config().seed());
            assertNull(w.resumeFrom());
            a.complete(w, 0.5 + i * 0.1, Map.of("model", "m" + i));
        }
        // seeds pair by repeat index (TrialSeeds): without repeats every configuration is repeat 0, on the experiment's seed
        // (default 42), so the two learning rates are compared on the same sample, initial head and batch order
        assertEquals(Set.of(42L), seeds, "configurations at one repeat index share its seed");
        await().atMost(Duration.ofSeconds(10)).until(() -> slots.experiment(id).status() == ExperimentStatus.COMPLETED);
        assertEquals(List.of("finetune", "finetune"), slots.trials(id).stream().map(t -> t.stage().wire()).toList());
        assertTrue(slots.trials(id).stream().allMatch(t -> t.status() == TrialStatus.COMPLETED));
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
