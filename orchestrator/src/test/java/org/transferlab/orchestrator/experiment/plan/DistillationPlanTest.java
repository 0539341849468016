package org.transferlab.orchestrator.experiment.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

/** The distillation plan with listed teachers as a plain object: every teacher first, then students reading them all. */
class DistillationPlanTest {

    private static final String THREE_TEACHERS = """
            name: multi
            kind: distillation
            seed: 5
            data: {dataset: mnist, targetClasses: [0, 1, 2, 3]}
            distill: {teachers: [{classes: [0, 1]}, {classes: [2, 3]}, {dataset: fashion-mnist, classes: [0, 1]}]}
            search:
              algorithm: grid
              trials: 2
              repeats: 2
              space: {temperature: {type: choice, values: [2.0, 4.0]}}
            """;

    private static ExperimentSpec spec(String yaml) {
        return SpecCodec.parse(yaml).withDefaults();
    }

    private static Plan plan(ExperimentSpec spec) {
        return Plan.create(spec, SearchStrategy.create(spec.search(), spec.objective(), spec.seed()));
    }

    private static TrialRecord ended(TrialRequest r, TrialStatus status, Map<String, String> outputs) {
        return new TrialRecord(r.stage(), r.params(), r.configuration(), status, 0.9, outputs);
    }

    private static List<TrialRequest> drain(Plan plan) {
        List<TrialRequest> all = new ArrayList<>();
        for (List<TrialRequest> next = plan.next(100); !next.isEmpty(); next = plan.next(100)) {
            all.addAll(next);
        }
        return all;
    }

    @Test
    void every_teacher_trains_before_any_student_and_each_student_reads_all_of_them_beside_one_scratch_run_per_seed() {
        Plan plan = plan(spec(THREE_TEACHERS));
        List<TrialRequest> teachers = plan.next(100);
        assertEquals(List.of(TrialStage.TEACHER, TrialStage.TEACHER, TrialStage.TEACHER), teachers.stream().map(TrialRequest::stage).toList());
        assertEquals(List.of(0, 1, 2), teachers.stream().map(r -> r.params().get("teacher")).toList());
        assertTrue(plan.next(100).isEmpty(), "queued once");

        plan.onEnded(ended(teachers.get(2), TrialStatus.COMPLETED, Map.of("teacher", "t-2")));
        plan.onEnded(ended(teachers.get(0), TrialStatus.COMPLETED, Map.of("teacher", "t-0")));
        assertTrue(plan.next(100).isEmpty(), "no student before the last teacher has published");
        assertFalse(plan.exhausted());
        plan.onEnded(ended(teachers.get(1), TrialStatus.COMPLETED, Map.of("teacher", "t-1")));

        List<TrialRequest> rest = drain(plan);
        List<TrialRequest> students = rest.stream().filter(r -> r.stage() == TrialStage.STUDENT).toList();
        List<TrialRequest> scratch = rest.stream().filter(r -> r.stage() == TrialStage.SCRATCH).toList();
        assertEquals(4, students.size(), "2 temperatures x 2 repeats");
        students.forEach(s -> assertEquals(Map.of("teacher", "t-0", "teacher-1", "t-1", "teacher-2", "t-2"), s.inputs()));
        assertEquals(2, scratch.size(), "the student from scratch, once per seed");
        scratch.forEach(s -> assertEquals(Map.of(), s.inputs(), "the baseline has no teacher"));
        assertTrue(plan.exhausted());
        assertEquals(6, plan.plannedTrials());
    }

    @Test
    void a_teacher_that_ends_without_its_network_stops_the_experiment_naming_it() {
        Plan plan = plan(spec(THREE_TEACHERS));
        List<TrialRequest> teachers = plan.next(100);
        plan.onEnded(ended(teachers.get(0), TrialStatus.COMPLETED, Map.of("teacher", "t-0")));
        String why = plan.onEnded(ended(teachers.get(1), TrialStatus.FAILED, Map.of())).orElseThrow();
        assertTrue(why.contains("teacher 1 stage ended failed"), why);
    }

    @Test
    void a_restored_plan_keeps_the_published_teachers_and_does_not_queue_a_recorded_one_again() {
        ExperimentSpec spec = spec(THREE_TEACHERS);
        Plan original = plan(spec);
        List<TrialRequest> teachers = original.next(100);
        Plan restored = plan(spec);
        // the store gives numbers back as JSON read them: the index 1 as 1.0
        restored.restore(new TrialRecord(TrialStage.TEACHER, Map.of("teacher", 0), null, TrialStatus.COMPLETED, 0.9, Map.of("teacher", "t-0")));
        restored.restore(new TrialRecord(TrialStage.TEACHER, Map.of("teacher", 1.0), null, TrialStatus.RUNNING, null, Map.of()));
        restored.restore(new TrialRecord(TrialStage.TEACHER, Map.of("teacher", 2L), null, TrialStatus.COMPLETED, 0.8, Map.of("teacher", "t-2")));
        restored.afterRestore();
        assertTrue(restored.next(100).isEmpty(), "teacher 1 is running (the actor requeues it); no student yet");
        restored.onEnded(ended(teachers.get(1), TrialStatus.COMPLETED, Map.of("teacher", "t-1")));
        List<TrialRequest> students = restored.next(100);
        assertEquals(Map.of("teacher", "t-0", "teacher-1", "t-1", "teacher-2", "t-2"), students.get(0).inputs());
    }

    @Test
    void one_listed_teacher_is_the_single_teacher_of_old() {
        Plan plan = plan(spec("""
                name: one
                kind: distillation
                data: {dataset: mnist, targetClasses: [0, 1, 2]}
                distill: {teachers: [{hidden: [64]}]}
                search: {trials: 1}
                """));
        List<TrialRequest> teacher = plan.next(100);
        assertEquals(1, teacher.size());
        assertEquals(Map.of(), teacher.get(0).params(), "no teacher index, as before teachers could be listed");
        plan.onEnded(ended(teacher.get(0), TrialStatus.COMPLETED, Map.of("teacher", "t")));
        assertEquals(Map.of("teacher", "t"), plan.next(100).get(0).inputs());
    }
}
